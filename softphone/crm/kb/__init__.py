"""Knowledge base: products, services, promotions, tariffs and articles, searchable in Russian.

Qt-free like the rest of softphone.crm. The public face is KnowledgeBaseService (service.py);
search.py, index.py and text.py are how it finds things on SQLite and PostgreSQL alike.
"""
