<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AccountHeader</name>
    <message>
        <source>Ready</source>
        <translation>Готов к звонкам</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Зарегистрирован</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Регистрация…</translation>
    </message>
    <message>
        <source>Registration failed: {0}</source>
        <translation>Ошибка регистрации: {0}</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>сервер не отвечает</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>Не зарегистрирован</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <source>host[:port], used while the server is down</source>
        <translation>хост[:порт], пока основной не отвечает</translation>
    </message>
    <message>
        <source>kept in the keyring; type to change</source>
        <translation>хранится в хранилище паролей; введите, чтобы изменить</translation>
    </message>
    <message>
        <source>e164, national8 or digits; then strip=9 add=0</source>
        <translation>e164, national8 или digits; затем strip=9 add=0</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <source>When possible</source>
        <translation>По возможности</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Обязательно</translation>
    </message>
    <message>
        <source>CA file…</source>
        <translation>Файл CA…</translation>
    </message>
    <message>
        <source>System CA list</source>
        <translation>Системный список CA</translation>
    </message>
    <message>
        <source>Use an encrypted file…</source>
        <translation>Хранить в зашифрованном файле…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
    <message>
        <source>Save account</source>
        <translation>Сохранить учётную запись</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Test registration</source>
        <translation>Проверить регистрацию</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <source>Backup server:</source>
        <translation>Резервный сервер:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Пользователь:</translation>
    </message>
    <message>
        <source>Authentication user:</source>
        <translation>Имя для авторизации:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation>Транспорт:</translation>
    </message>
    <message>
        <source>SRTP:</source>
        <translation>SRTP:</translation>
    </message>
    <message>
        <source>TLS server certificate:</source>
        <translation>Сертификат сервера TLS:</translation>
    </message>
    <message>
        <source>STUN server:</source>
        <translation>STUN-сервер:</translation>
    </message>
    <message>
        <source>Registration interval, s:</source>
        <translation>Интервал регистрации, с:</translation>
    </message>
    <message>
        <source>Dial plan:</source>
        <translation>План набора:</translation>
    </message>
    <message>
        <source>SIP accounts</source>
        <translation>SIP-учётные записи</translation>
    </message>
    <message>
        <source>checked against the CA certificates from a file (%1)</source>
        <translation>проверяется по сертификатам CA из файла (%1)</translation>
    </message>
    <message>
        <source>checked against the system&apos;s CA list</source>
        <translation>проверяется по системному списку CA</translation>
    </message>
    <message>
        <source>, and the server name must match</source>
        <translation>, имя сервера должно совпадать</translation>
    </message>
    <message>
        <source>CA certificates (PEM)</source>
        <translation>Сертификаты CA (PEM)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Сертификаты (*.pem *.crt *.cer);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
    <message>
        <source>The password cannot be kept: there is no keyring (see below).</source>
        <translation>Пароль негде сохранить: нет хранилища паролей (см. ниже).</translation>
    </message>
    <message>
        <source>Account «%1» saved.</source>
        <translation>Учётная запись «%1» сохранена.</translation>
    </message>
    <message>
        <source>Account deleted.</source>
        <translation>Учётная запись удалена.</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Регистрация…</translation>
    </message>
    <message>
        <source>Registered: %1 %2</source>
        <translation>Зарегистрировано: %1 %2</translation>
    </message>
    <message>
        <source>Registration failed: %1 %2</source>
        <translation>Регистрация не удалась: %1 %2</translation>
    </message>
    <message>
        <source>No answer from the server.</source>
        <translation>Сервер не отвечает.</translation>
    </message>
    <message>
        <source>Passwords are kept in: %1</source>
        <translation>Пароли хранятся в: %1</translation>
    </message>
    <message>
        <source>Encrypted password file</source>
        <translation>Зашифрованный файл паролей</translation>
    </message>
    <message>
        <source>Master password of the encrypted password file:</source>
        <translation>Мастер-пароль зашифрованного файла паролей:</translation>
    </message>
</context>
<context>
    <name>AddParticipantDialog</name>
    <message>
        <source>Add participant</source>
        <translation>Добавить участника</translation>
    </message>
    <message>
        <source>Who joins the call with {0}?</source>
        <translation>Кого добавить в разговор с абонентом {0}?</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>Номер, внутренний номер или SIP-адрес</translation>
    </message>
    <message>
        <source>Call and add</source>
        <translation>Позвонить и добавить</translation>
    </message>
</context>
<context>
    <name>AgentDesk</name>
    <message>
        <source>Unregistered: no calls are offered</source>
        <translation>Регистрация снята: звонки не поступают</translation>
    </message>
    <message>
        <source>Calls come in</source>
        <translation>Звонки поступают</translation>
    </message>
    <message>
        <source>Callers hear busy (486)</source>
        <translation>Звонящие слышат «занято» (486)</translation>
    </message>
    <message>
        <source>Callers hear unavailable (480)</source>
        <translation>Звонящие слышат «недоступен» (480)</translation>
    </message>
</context>
<context>
    <name>AgentPolicyPage</name>
    <message>
        <source>Busy (486): the PBX tries the next operator</source>
        <translation>«Занято» (486): АТС передаёт звонок следующему оператору</translation>
    </message>
    <message>
        <source>Temporarily unavailable (480)</source>
        <translation>«Временно недоступен» (480)</translation>
    </message>
    <message>
        <source>Unregister the account</source>
        <translation>Снимать регистрацию учётной записи</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>0: no after-call work</source>
        <translation>0 — без постобработки</translation>
    </message>
    <message>
        <source>One reason a line</source>
        <translation>По одной причине в строке</translation>
    </message>
    <message>
        <source>Save agent rules</source>
        <translation>Сохранить правила статусов</translation>
    </message>
    <message>
        <source>While not ready:</source>
        <translation>Когда оператор не готов:</translation>
    </message>
    <message>
        <source>After-call work:</source>
        <translation>Постобработка:</translation>
    </message>
    <message>
        <source>Auto-answer after:</source>
        <translation>Автоответ через:</translation>
    </message>
    <message>
        <source>Break reasons:</source>
        <translation>Причины перерыва:</translation>
    </message>
    <message>
        <source>Agent status</source>
        <translation>Статусы операторов</translation>
    </message>
    <message>
        <source>Agent rules saved.</source>
        <translation>Правила статусов сохранены.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Demo data</source>
        <translation>Демонстрационные данные</translation>
    </message>
    <message>
        <source>The customer database is empty. Fill it with demo customers and calls to try the softphone out?</source>
        <translation>База клиентов пуста. Заполнить её демонстрационными клиентами и звонками, чтобы опробовать программу?</translation>
    </message>
    <message>
        <source>Direct calls: sip:operator@{0}</source>
        <translation>Прямые звонки: sip:operator@{0}</translation>
    </message>
    <message>
        <source>Softphone</source>
        <translation>Софтфон</translation>
    </message>
    <message>
        <source>SIP port {0} is busy (another program uses it); using port {1}.</source>
        <translation>SIP-порт {0} занят другой программой; используется порт {1}.</translation>
    </message>
    <message>
        <source>The softphone keeps asking and signs in when it answers.</source>
        <translation>Программа продолжает подключаться и предложит войти, как только база ответит.</translation>
    </message>
    <message>
        <source>Not signed in: {0}</source>
        <translation>Вход не выполнен: {0}</translation>
    </message>
    <message>
        <source>The customer database is available again.</source>
        <translation>База клиентов снова доступна.</translation>
    </message>
    <message>
        <source>Not signed in: the customer database stays closed until the softphone is started again.</source>
        <translation>Вход не выполнен: база клиентов останется закрытой до следующего запуска программы.</translation>
    </message>
    <message>
        <source>The customer database is unavailable: {0}</source>
        <translation>База клиентов недоступна: {0}</translation>
    </message>
    <message>
        <source>Could not start the phone: {0}</source>
        <translation>Не удалось запустить телефон: {0}</translation>
    </message>
    <message>
        <source>Part of the customer database screens did not load; see the log.</source>
        <translation>Часть экранов базы клиентов не загрузилась; подробности в журнале.</translation>
    </message>
</context>
<context>
    <name>ApplicationFormPanel</name>
    <message>
        <source>New application</source>
        <translation>Новая заявка</translation>
    </message>
    <message>
        <source>Service request</source>
        <translation>Заявка на услугу</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Жалоба</translation>
    </message>
    <message>
        <source>Recalculation claim</source>
        <translation>Заявление на перерасчёт</translation>
    </message>
    <message>
        <source>Compensation claim</source>
        <translation>Заявление на возмещение</translation>
    </message>
    <message>
        <source>Callback request</source>
        <translation>Заказ обратного звонка</translation>
    </message>
    <message>
        <source>DD.MM.YYYY</source>
        <translation>ДД.ММ.ГГГГ</translation>
    </message>
    <message>
        <source>DD.MM.YYYY HH:MM</source>
        <translation>ДД.ММ.ГГГГ ЧЧ:ММ</translation>
    </message>
    <message>
        <source>under review</source>
        <translation>на рассмотрении</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>удовлетворено</translation>
    </message>
    <message>
        <source>partly granted</source>
        <translation>удовлетворено частично</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>отказано</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>Контактное лицо:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>Услуга:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Описание:</translation>
    </message>
    <message>
        <source>Period from:</source>
        <translation>Период с:</translation>
    </message>
    <message>
        <source>Period to:</source>
        <translation>Период по:</translation>
    </message>
    <message>
        <source>Amount claimed, ₽:</source>
        <translation>Заявленная сумма, ₽:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>Decision:</source>
        <translation>Решение:</translation>
    </message>
    <message>
        <source>Amount granted, ₽:</source>
        <translation>Сумма к возмещению, ₽:</translation>
    </message>
    <message>
        <source>Call back at:</source>
        <translation>Перезвонить:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Submit the application</source>
        <translation>Оформить заявку</translation>
    </message>
    <message>
        <source>Unfinished application (restored)</source>
        <translation>Незаконченная заявка (восстановлена)</translation>
    </message>
    <message>
        <source>The application is not saved: correct the fields</source>
        <translation>Заявка не сохранена: исправьте поля</translation>
    </message>
    <message>
        <source>The application is not saved: {0}</source>
        <translation>Заявка не сохранена: {0}</translation>
    </message>
    <message>
        <source>Application {0}</source>
        <translation>Заявка {0}</translation>
    </message>
    <message>
        <source>Application {0}: {1}</source>
        <translation>Заявка {0}: {1}</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
    <message>
        <source>Standard ringtone</source>
        <translation>Стандартная мелодия</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <source>Test sound</source>
        <translation>Проверить звук</translation>
    </message>
    <message>
        <source>Echo cancellation (for speakers without a headset)</source>
        <translation>Подавление эха (для колонок без гарнитуры)</translation>
    </message>
    <message>
        <source>Removes the caller&apos;s voice that the microphone picks up from the speakers. With a headset leave it off: there is no echo, and while both talk it makes your voice a little quieter.</source>
        <translation>Убирает голос собеседника, который микрофон слышит из колонок. С гарнитурой не включайте: эха нет, а когда говорят оба, ваш голос становится немного тише.</translation>
    </message>
    <message>
        <source>Noise suppression</source>
        <translation>Шумоподавление</translation>
    </message>
    <message>
        <source>Automatic microphone gain</source>
        <translation>Автоматическое усиление микрофона</translation>
    </message>
    <message>
        <source>Needs the pywebrtc-audio package</source>
        <translation>Нужен пакет pywebrtc-audio</translation>
    </message>
    <message>
        <source>The phone engine is not running: sound cannot be tested.</source>
        <translation>Телефонный модуль не запущен: проверить звук нельзя.</translation>
    </message>
    <message>
        <source>Microphone:</source>
        <translation>Микрофон:</translation>
    </message>
    <message>
        <source>Microphone level:</source>
        <translation>Уровень микрофона:</translation>
    </message>
    <message>
        <source>Speaker or headset:</source>
        <translation>Динамик или гарнитура:</translation>
    </message>
    <message>
        <source>Ring on:</source>
        <translation>Звонок на:</translation>
    </message>
    <message>
        <source>Ringtone:</source>
        <translation>Мелодия звонка:</translation>
    </message>
    <message>
        <source>Ring volume:</source>
        <translation>Громкость звонка:</translation>
    </message>
    <message>
        <source>Microphone processing:</source>
        <translation>Обработка микрофона:</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Звук</translation>
    </message>
    <message>
        <source>The ringtone file does not exist: %1</source>
        <translation>Файл мелодии не найден: %1</translation>
    </message>
    <message>
        <source>The ringtone must be an uncompressed 16-bit WAV file: %1</source>
        <translation>Мелодия должна быть несжатым 16-битным WAV-файлом: %1</translation>
    </message>
    <message>
        <source>Choose a ringtone</source>
        <translation>Выбор мелодии звонка</translation>
    </message>
    <message>
        <source>WAV sound (*.wav)</source>
        <translation>Звук WAV (*.wav)</translation>
    </message>
    <message>
        <source>This file cannot be played: %1</source>
        <translation>Этот файл нельзя воспроизвести: %1</translation>
    </message>
    <message>
        <source>The sound could not be played: %1</source>
        <translation>Не удалось воспроизвести звук: %1</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Устройство по умолчанию</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (не подключено)</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>Entries shown: %1</source>
        <translation>Показано записей: %1</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Call the number in the number field</source>
        <translation>Позвонить на номер из поля ввода</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Answer the ringing call</source>
        <translation>Ответить на входящий звонок</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Reject the ringing call (busy)</source>
        <translation>Отклонить входящий звонок (занято)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Положить трубку</translation>
    </message>
    <message>
        <source>End the current call</source>
        <translation>Завершить текущий звонок</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Put the current call on hold or resume it</source>
        <translation>Поставить текущий звонок на удержание или снять с удержания</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Микрофон выкл.</translation>
    </message>
    <message>
        <source>Turn the microphone off or on for the current call</source>
        <translation>Выключить или включить микрофон в текущем звонке</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <source>Transfer the current call</source>
        <translation>Перевести текущий звонок</translation>
    </message>
    <message>
        <source>Switch calls</source>
        <translation>Переключить звонки</translation>
    </message>
    <message>
        <source>Resume the call on hold and hold the other</source>
        <translation>Вернуть звонок с удержания, а другой поставить на удержание</translation>
    </message>
    <message>
        <source>Number field</source>
        <translation>Поле номера</translation>
    </message>
    <message>
        <source>Type a number to call</source>
        <translation>Ввести номер для звонка</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>Поиск в истории</translation>
    </message>
    <message>
        <source>Search the call history</source>
        <translation>Искать в истории звонков</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Audio, ringtone and language settings</source>
        <translation>Настройки звука, мелодии звонка и языка</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <source>Show every action and its shortcut</source>
        <translation>Показать все команды и их сочетания клавиш</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Close the softphone</source>
        <translation>Закрыть софтфон</translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>A VIP customer</source>
        <translation>VIP-клиент</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>зашифровано</translation>
    </message>
    <message>
        <source>The call&apos;s audio is encrypted (SRTP)</source>
        <translation>Звук разговора зашифрован (SRTP)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Удержать</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Выкл. микрофон</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Положить трубку</translation>
    </message>
    <message>
        <source>Call: {0}</source>
        <translation>Звонок: {0}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Снять с удержания</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Вкл. микрофон</translation>
    </message>
    <message>
        <source>Conference · lines: {0}</source>
        <translation>Конференция · линий: {0}</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>Вызов…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Идут гудки…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Соединение…</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Завершён</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <source>Held by the other side</source>
        <translation>Собеседник поставил вас на удержание</translation>
    </message>
    <message>
        <source>Talking, microphone off</source>
        <translation>Разговор, микрофон выкл.</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
</context>
<context>
    <name>CallCenterPage</name>
    <message>
        <source>The same for every operator: kept in the customer database</source>
        <translation>Одно для всех операторов: хранится в базе клиентов</translation>
    </message>
    <message>
        <source>Set by an administrator for the whole company</source>
        <translation>Задаёт администратор для всей компании</translation>
    </message>
    <message>
        <source>Said when the signed-in operator&apos;s profile has no name of its own</source>
        <translation>Используется, если в профиле оператора не указано имя</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>An incoming call nobody answers within this time is ended and logged as missed, so a caller who vanished never keeps a line busy.</source>
        <translation>Входящий звонок, на который не ответили за это время, завершается и попадает в пропущенные: пропавший абонент не держит линию занятой.</translation>
    </message>
    <message>
        <source>Company name in the script:</source>
        <translation>Название компании в сценарии:</translation>
    </message>
    <message>
        <source>Operator name in the script:</source>
        <translation>Имя оператора в сценарии:</translation>
    </message>
    <message>
        <source>Unanswered calls end after:</source>
        <translation>Звонок без ответа завершается через:</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
</context>
<context>
    <name>CallController</name>
    <message>
        <source>Tone sent: {0}</source>
        <translation>Отправлен тоновый сигнал: {0}</translation>
    </message>
    <message>
        <source>Transferring the call…</source>
        <translation>Перевод звонка…</translation>
    </message>
    <message>
        <source>Connecting the two calls…</source>
        <translation>Соединяем два звонка…</translation>
    </message>
</context>
<context>
    <name>CallEventsView</name>
    <message>
        <source>Tone received: {0}</source>
        <translation>Принят тоновый сигнал: {0}</translation>
    </message>
    <message>
        <source>Incoming call: {0}</source>
        <translation>Входящий звонок: {0}</translation>
    </message>
    <message>
        <source>Call with {0} ended</source>
        <translation>Звонок завершён: {0}</translation>
    </message>
    <message>
        <source>Call with {0} not connected: {1}</source>
        <translation>Не удалось соединиться: {0} — {1}</translation>
    </message>
    <message>
        <source>Call transferred</source>
        <translation>Звонок переведён</translation>
    </message>
    <message>
        <source>The transfer failed: {0}</source>
        <translation>Не удалось перевести звонок: {0}</translation>
    </message>
</context>
<context>
    <name>CallList</name>
    <message>
        <source>Current calls</source>
        <translation>Текущие звонки</translation>
    </message>
    <message>
        <source>No calls</source>
        <translation>Нет звонков</translation>
    </message>
</context>
<context>
    <name>CallNotifier</name>
    <message>
        <source>Softphone</source>
        <translation>Софтфон</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
</context>
<context>
    <name>CallPanels</name>
    <message>
        <source>Caller</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>Wrap-up saved: {0}</source>
        <translation>Итоги звонка сохранены: {0}</translation>
    </message>
</context>
<context>
    <name>CallRecorder</name>
    <message>
        <source>● Recording</source>
        <translation>● Идёт запись</translation>
    </message>
    <message>
        <source>This call is recorded by the company&apos;s policy.</source>
        <translation>Разговор записывается по правилам компании.</translation>
    </message>
</context>
<context>
    <name>CallTray</name>
    <message>
        <source>Show window</source>
        <translation>Показать окно</translation>
    </message>
    <message>
        <source>Softphone</source>
        <translation>Софтфон</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>{0}
Right-click the tray icon to answer or reject.</source>
        <translation>{0}
Чтобы ответить или отклонить, щёлкните значок в трее правой кнопкой мыши.</translation>
    </message>
</context>
<context>
    <name>CallWorkspace</name>
    <message>
        <source>Call workspace</source>
        <translation>Рабочая область звонка</translation>
    </message>
    <message>
        <source>The caller, the script, the knowledge base and the order form for the current call</source>
        <translation>Клиент, сценарий, база знаний и форма заказа для текущего звонка</translation>
    </message>
    <message>
        <source>Call workspace: {0}</source>
        <translation>Рабочая область: {0}</translation>
    </message>
    <message>
        <source>Call workspace: search the knowledge base</source>
        <translation>Рабочая область: поиск в базе знаний</translation>
    </message>
    <message>
        <source>Call workspace: back to the call</source>
        <translation>Рабочая область: вернуться к звонку</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Who is calling, how to address them, their last contacts and the wrap-up</source>
        <translation>Кто звонит, как к нему обращаться, последние обращения и итог звонка</translation>
    </message>
    <message>
        <source>What to say</source>
        <translation>Что сказать</translation>
    </message>
    <message>
        <source>The conversation script with the caller&apos;s form of address filled in</source>
        <translation>Сценарий разговора с обращением к клиенту</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>База знаний</translation>
    </message>
    <message>
        <source>Search answers, products and services (F12 or Ctrl+F)</source>
        <translation>Поиск ответов, товаров и услуг (F12 или Ctrl+F)</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>The order and application forms for this caller</source>
        <translation>Формы заказа и заявки для этого клиента</translation>
    </message>
</context>
<context>
    <name>CallerCard</name>
    <message>
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Звонок завершён</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>A VIP customer: take particular care</source>
        <translation>VIP-клиент: особое внимание</translation>
    </message>
    <message>
        <source>VIP customer</source>
        <translation>VIP-клиент</translation>
    </message>
    <message>
        <source>Marks the customer as VIP for every operator; saved at once</source>
        <translation>Отмечает клиента как VIP для всех операторов; сохраняется сразу</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Исправить…</translation>
    </message>
    <message>
        <source>Correct the form of address, full name or notes</source>
        <translation>Исправить обращение, ФИО или заметки</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>Нет звонка</translation>
    </message>
    <message>
        <source>The caller&apos;s card appears here when the phone rings.</source>
        <translation>Карточка клиента появится здесь, когда зазвонит телефон.</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>The customer database is unavailable — the mark was not saved</source>
        <translation>База клиентов недоступна — отметка не сохранена</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>Ищем клиента в базе…</translation>
    </message>
    <message>
        <source>The customer database is unavailable — the call goes on</source>
        <translation>База клиентов недоступна — звонок идёт</translation>
    </message>
    <message>
        <source>The caller&apos;s card could not be loaded.</source>
        <translation>Не удалось загрузить карточку клиента.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <source>New caller: ask how to address them.</source>
        <translation>Новый клиент: спросите, как к нему обращаться.</translation>
    </message>
    <message>
        <source>{0} is not a phone number, so there is no customer card for it.</source>
        <translation>{0} — не номер телефона, поэтому карточки клиента для него нет.</translation>
    </message>
    <message>
        <source>Call {0}</source>
        <translation>Позвонить: {0}</translation>
    </message>
    <message>
        <source>pace %1 syll./s</source>
        <translation>темп %1 слог./с</translation>
    </message>
    <message>
        <source> (with the caller %1 %)</source>
        <translation> (в темпе собеседника %1 %)</translation>
    </message>
    <message>
        <source>volume right %1 %</source>
        <translation>громкость в норме %1 %</translation>
    </message>
    <message>
        <source>longest pause %1 s</source>
        <translation>самая долгая пауза %1 с</translation>
    </message>
    <message numerus="yes">
        <source>talked over %n time(s)</source>
        <translation>
            <numerusform>говорили одновременно %n раз</numerusform>
            <numerusform>говорили одновременно %n раза</numerusform>
            <numerusform>говорили одновременно %n раз</numerusform>
        </translation>
    </message>
    <message>
        <source>Speech: </source>
        <translation>Речь: </translation>
    </message>
    <message>
        <source>incoming</source>
        <translation>входящий</translation>
    </message>
    <message>
        <source>outgoing</source>
        <translation>исходящий</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>пропущенный</translation>
    </message>
</context>
<context>
    <name>CallsChart</name>
    <message>
        <source>Calls per day</source>
        <translation>Звонки по дням</translation>
    </message>
    <message>
        <source>Answered incoming</source>
        <translation>Входящие отвеченные</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущенные</translation>
    </message>
</context>
<context>
    <name>CatalogueFiles</name>
    <message>
        <source>Import catalogue</source>
        <translation>Импорт каталога</translation>
    </message>
    <message>
        <source>Catalogue files (*.csv *.json);;CSV (*.csv);;JSON (*.json)</source>
        <translation>Файлы каталога (*.csv *.json);;CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export catalogue</source>
        <translation>Экспорт каталога</translation>
    </message>
</context>
<context>
    <name>CatalogueList</name>
    <message>
        <source>Filter by title or code</source>
        <translation>Отбор по названию или коду</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Все виды</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Все разделы</translation>
    </message>
    <message>
        <source>Show retired</source>
        <translation>Показывать снятые</translation>
    </message>
    <message>
        <source>Shown: {0} of {1} (retired: {2})</source>
        <translation>Показано: {0} из {1} (снято: {2})</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Раздел</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>снято</translation>
    </message>
    <message>
        <source>Retired: hidden from the operators&apos; search</source>
        <translation>Снято: операторы не видят в поиске</translation>
    </message>
</context>
<context>
    <name>CheckedTextEdit</name>
    <message>
        <source>Avoid «{0}». Better: {1}</source>
        <translation>Избегайте «{0}». Лучше: {1}</translation>
    </message>
</context>
<context>
    <name>CoachLimitsPage</name>
    <message>
        <source> dBFS</source>
        <translation> дБFS</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Save limits</source>
        <translation>Сохранить пороги</translation>
    </message>
    <message>
        <source>The live hints under the current call compare the operator&apos;s voice with these limits. They apply to every operator from their next call.</source>
        <translation>Подсказки под текущим звонком сравнивают голос оператора с этими порогами. Они действуют для всех операторов со следующего звонка.</translation>
    </message>
    <message>
        <source>Too quiet below:</source>
        <translation>«Тихо» ниже:</translation>
    </message>
    <message>
        <source>Too loud above:</source>
        <translation>«Громко» выше:</translation>
    </message>
    <message>
        <source>Same pace within:</source>
        <translation>«В темпе» в пределах:</translation>
    </message>
    <message>
        <source>Warn after a silence of:</source>
        <translation>Предупреждать о тишине через:</translation>
    </message>
    <message>
        <source>Talking over after:</source>
        <translation>Перебивание — оба говорят дольше:</translation>
    </message>
    <message>
        <source>Speech hints</source>
        <translation>Подсказки по речи</translation>
    </message>
    <message>
        <source>Check the limits: %1</source>
        <translation>Проверьте пороги: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
</context>
<context>
    <name>CoachMeters</name>
    <message>
        <source>Speech hints</source>
        <translation>Подсказки по речи</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>Речь</translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation>Громкость:</translation>
    </message>
    <message>
        <source>Pace:</source>
        <translation>Темп:</translation>
    </message>
    <message>
        <source>Silence:</source>
        <translation>Тишина:</translation>
    </message>
    <message>
        <source>Talking over:</source>
        <translation>Перебивания:</translation>
    </message>
    <message>
        <source>I talk / listen:</source>
        <translation>Говорю / слушаю:</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Hide the live hints (the figures are still saved with the call)</source>
        <translation>Скрыть подсказки (показатели всё равно сохранятся со звонком)</translation>
    </message>
    <message>
        <source>Show the live hints on loudness, pace and pauses</source>
        <translation>Показать подсказки о громкости, темпе и паузах</translation>
    </message>
    <message>
        <source>%1 s — say something to the caller</source>
        <translation>%1 с — скажите что-нибудь собеседнику</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>now: let the caller finish</source>
        <translation>сейчас: дайте собеседнику договорить</translation>
    </message>
    <message>
        <source>too quiet</source>
        <translation>тихо</translation>
    </message>
    <message>
        <source>good</source>
        <translation>хорошо</translation>
    </message>
    <message>
        <source>too loud</source>
        <translation>громко</translation>
    </message>
    <message>
        <source>slower than the caller</source>
        <translation>медленнее собеседника</translation>
    </message>
    <message>
        <source>in step with the caller</source>
        <translation>в темпе собеседника</translation>
    </message>
    <message>
        <source>faster than the caller</source>
        <translation>быстрее собеседника</translation>
    </message>
    <message>
        <source>You %1, the caller %2 syllables per second</source>
        <translation>Вы — %1, собеседник — %2 слога в секунду</translation>
    </message>
</context>
<context>
    <name>ConferenceActions</name>
    <message>
        <source>Merge calls</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <source>Join the current call and the held one into a three-way call</source>
        <translation>Объединить текущий звонок с удержанным в разговор на троих</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Разделить</translation>
    </message>
    <message>
        <source>End the three-way call: keep talking to this one, hold the others</source>
        <translation>Разделить конференцию: разговор продолжается с этим абонентом, остальные ждут на удержании</translation>
    </message>
    <message>
        <source>Add participant</source>
        <translation>Добавить участника</translation>
    </message>
    <message>
        <source>Call a colleague or supervisor and add them to this call</source>
        <translation>Позвонить коллеге или руководителю и добавить его в разговор</translation>
    </message>
</context>
<context>
    <name>ConferenceController</name>
    <message>
        <source>Calls merged: everyone hears everyone</source>
        <translation>Звонки объединены: все слышат друг друга</translation>
    </message>
    <message>
        <source>Conference split: the other calls are on hold</source>
        <translation>Конференция разделена: остальные звонки на удержании</translation>
    </message>
    <message>
        <source>Calling {0}: they join the call once they answer</source>
        <translation>Вызываем {0}: участник присоединится к разговору, как только ответит</translation>
    </message>
</context>
<context>
    <name>CrmStateLabel</name>
    <message numerus="yes">
        <source>CRM: sending %n kept change(s)…</source>
        <translation>
            <numerusform>CRM: отправляется %n сохранённое изменение…</numerusform>
            <numerusform>CRM: отправляются %n сохранённых изменения…</numerusform>
            <numerusform>CRM: отправляются %n сохранённых изменений…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CRM: no connection, %n change(s) kept here</source>
        <translation>
            <numerusform>CRM: нет связи, %n изменение сохранено здесь</numerusform>
            <numerusform>CRM: нет связи, %n изменения сохранены здесь</numerusform>
            <numerusform>CRM: нет связи, %n изменений сохранено здесь</numerusform>
        </translation>
    </message>
    <message>
        <source>CRM: no connection</source>
        <translation>CRM: нет связи</translation>
    </message>
    <message>
        <source>The customer database does not answer. Calls work; the call log, wrap-ups and drafts are kept on this computer and sent when the database is back.</source>
        <translation>База клиентов не отвечает. Звонки работают; журнал звонков, итоги разговоров и черновики сохраняются на этом компьютере и будут отправлены, когда база снова станет доступна.</translation>
    </message>
</context>
<context>
    <name>CustomerDocuments</name>
    <message>
        <source>Orders and applications</source>
        <translation>Заказы и заявки</translation>
    </message>
</context>
<context>
    <name>CustomerEditDialog</name>
    <message>
        <source>Customer: {0}</source>
        <translation>Клиент: {0}</translation>
    </message>
    <message>
        <source>e.g. Maria Ivanovna</source>
        <translation>например, Мария Ивановна</translation>
    </message>
    <message>
        <source>Surname, first name, patronymic</source>
        <translation>Фамилия, имя, отчество</translation>
    </message>
    <message>
        <source>Form of address:</source>
        <translation>Обращение:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Заметки:</translation>
    </message>
    <message>
        <source>Write how to address the caller first.</source>
        <translation>Сначала укажите, как обращаться к клиенту.</translation>
    </message>
    <message>
        <source>The customer database is unavailable: nothing was saved, your text stays here.</source>
        <translation>База клиентов недоступна: ничего не сохранено, ваш текст остался в окне.</translation>
    </message>
    <message>
        <source>This customer is no longer in the database.</source>
        <translation>Этого клиента уже нет в базе.</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>Confirm</source>
        <translation>Подтвердить</translation>
    </message>
    <message>
        <source>Mark as done</source>
        <translation>Отметить выполненным</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Сохранить в PDF…</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>Копировать текстом</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Сохранить в PDF</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Order number, customer or product</source>
        <translation>Номер заказа, клиент или товар</translation>
    </message>
    <message>
        <source>Documents found</source>
        <translation>Найденные документы</translation>
    </message>
    <message>
        <source>The caller&apos;s orders and applications</source>
        <translation>Заказы и заявки звонящего</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Заявка</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
</context>
<context>
    <name>EngineBridge</name>
    <message>
        <source>SIP engine error: {0}</source>
        <translation>Ошибка SIP-модуля: {0}</translation>
    </message>
    <message>
        <source>Error: {0}</source>
        <translation>Ошибка: {0}</translation>
    </message>
</context>
<context>
    <name>GuideEditor</name>
    <message>
        <source>Conversation guide</source>
        <translation>Сценарий разговора</translation>
    </message>
    <message>
        <source>Phrase to avoid</source>
        <translation>Нежелательная фраза</translation>
    </message>
    <message>
        <source>Say instead</source>
        <translation>Лучше сказать</translation>
    </message>
    <message>
        <source>Call outcome</source>
        <translation>Итог звонка</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>Playbooks</source>
        <translation>Плейбуки</translation>
    </message>
    <message>
        <source>Phrases to avoid</source>
        <translation>Нежелательные фразы</translation>
    </message>
    <message>
        <source>Call outcomes</source>
        <translation>Итоги звонков</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <source>Every command of the window and its keyboard shortcut.</source>
        <translation>Все команды окна и их сочетания клавиш.</translation>
    </message>
    <message>
        <source>Find a command or a key</source>
        <translation>Найти команду или клавишу</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Сочетание клавиш</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Duration / reason</source>
        <translation>Длительность / причина</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущенный</translation>
    </message>
    <message>
        <source>{0} · conference</source>
        <translation>{0} · конференция</translation>
    </message>
    <message>
        <source>Not in the customer base</source>
        <translation>Нет в базе клиентов</translation>
    </message>
    <message>
        <source>A leg of a three-way call</source>
        <translation>Участник разговора на троих</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Причина: %1</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Итог: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящие</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущенные</translation>
    </message>
    <message>
        <source>Search by name or number</source>
        <translation>Поиск по имени или номеру</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message numerus="yes">
        <source>Calls shown: %n</source>
        <translation>
            <numerusform>Показан %n звонок</numerusform>
            <numerusform>Показано %n звонка</numerusform>
            <numerusform>Показано %n звонков</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Ничего не найдено</translation>
    </message>
    <message>
        <source>No calls yet</source>
        <translation>Звонков пока не было</translation>
    </message>
    <message>
        <source>Could not load the call history: %1</source>
        <translation>Не удалось загрузить историю звонков: %1</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Скопировать номер</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>History</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <source>History ({0} missed)</source>
        <translation>История (пропущено: {0})</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import: {0}</source>
        <translation>Импорт: {0}</translation>
    </message>
    <message>
        <source>Created: {0}. Updated: {1}.</source>
        <translation>Создано: {0}. Обновлено: {1}.</translation>
    </message>
    <message>
        <source>Rejected, not imported: {0}.</source>
        <translation>Отклонено, не загружено: {0}.</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Где</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>ItemForm</name>
    <message>
        <source>Unique code or article number</source>
        <translation>Уникальный код или артикул</translation>
    </message>
    <message>
        <source>Pick a category or type a new one</source>
        <translation>Выберите раздел или впишите новый</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Код:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Раздел:</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <source>Price and availability</source>
        <translation>Цена и наличие</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(не указано)</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>В наличии</translation>
    </message>
    <message>
        <source>On order</source>
        <translation>Под заказ</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>Нет в наличии</translation>
    </message>
    <message>
        <source>Price, ₽:</source>
        <translation>Цена, ₽:</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>Единица:</translation>
    </message>
    <message>
        <source>Availability:</source>
        <translation>Наличие:</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>Акция</translation>
    </message>
    <message>
        <source>until cancelled</source>
        <translation>бессрочно</translation>
    </message>
    <message>
        <source>Percent off</source>
        <translation>Скидка в процентах</translation>
    </message>
    <message>
        <source>Roubles off</source>
        <translation>Скидка в рублях</translation>
    </message>
    <message>
        <source>Gift</source>
        <translation>Подарок</translation>
    </message>
    <message>
        <source>10 (percent) or 500 (roubles)</source>
        <translation>10 (процентов) или 500 (рублей)</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Срок:</translation>
    </message>
    <message>
        <source>Discount:</source>
        <translation>Скидка:</translation>
    </message>
    <message>
        <source>Conditions:</source>
        <translation>Условия:</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>Действует на:</translation>
    </message>
    <message>
        <source>Tariff plans</source>
        <translation>Планы тарифа</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Текст:</translation>
    </message>
    <message>
        <source>Article:</source>
        <translation>Статья:</translation>
    </message>
    <message>
        <source>{0}: “{1}” is not a number</source>
        <translation>{0}: «{1}» — не число</translation>
    </message>
    <message>
        <source>price</source>
        <translation>цена</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>размер скидки</translation>
    </message>
</context>
<context>
    <name>KbEditor</name>
    <message>
        <source>Product</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>Акция</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Статья</translation>
    </message>
</context>
<context>
    <name>KbEditorLauncher</name>
    <message>
        <source>Knowledge base…</source>
        <translation>База знаний…</translation>
    </message>
    <message>
        <source>Add, change and retire knowledge base items</source>
        <translation>Добавить, изменить или снять записи базы знаний</translation>
    </message>
</context>
<context>
    <name>KnowledgeBaseEditor</name>
    <message>
        <source>Knowledge base editor</source>
        <translation>Редактор базы знаний</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая запись</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Снять</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>New item: fill in the form and save</source>
        <translation>Новая запись: заполните форму и сохраните</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>The item has unsaved changes. Discard them?</source>
        <translation>В записи есть несохранённые изменения. Отказаться от них?</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <source>Retired: hidden from search</source>
        <translation>Снято: в поиске больше не видно</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Возвращено в поиск</translation>
    </message>
    <message>
        <source>Imported: {0} created, {1} updated, {2} rejected</source>
        <translation>Импорт: создано {0}, обновлено {1}, отклонено {2}</translation>
    </message>
    <message>
        <source>Exported {0} items to {1}</source>
        <translation>Выгружено записей: {0} в {1}</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Вернуть</translation>
    </message>
</context>
<context>
    <name>KnowledgeBasePanel</name>
    <message>
        <source>Knowledge base</source>
        <translation>База знаний</translation>
    </message>
    <message>
        <source>Products, promotions, tariffs, terms…</source>
        <translation>Товары, акции, тарифы, условия…</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Все виды</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Товары</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Услуги</translation>
    </message>
    <message>
        <source>Promotions</source>
        <translation>Акции</translation>
    </message>
    <message>
        <source>Tariffs</source>
        <translation>Тарифы</translation>
    </message>
    <message>
        <source>Terms and FAQ</source>
        <translation>Условия и вопросы</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Все разделы</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <source>The chosen answer</source>
        <translation>Выбранный ответ</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy the selected item as text for the caller</source>
        <translation>Скопировать выбранную запись текстом для клиента</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Ничего не найдено</translation>
    </message>
    <message>
        <source>Most used</source>
        <translation>Часто используемые</translation>
    </message>
    <message>
        <source>No exact matches; showing similar words</source>
        <translation>Точных совпадений нет; показаны похожие слова</translation>
    </message>
    <message>
        <source>Results: {0}</source>
        <translation>Найдено: {0}</translation>
    </message>
    <message>
        <source>Search failed: {0}</source>
        <translation>Поиск не удался: {0}</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>завершена</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>ещё не началась</translation>
    </message>
    <message>
        <source>from {0}</source>
        <translation>от {0}</translation>
    </message>
    <message>
        <source>in stock</source>
        <translation>в наличии</translation>
    </message>
    <message>
        <source>on order</source>
        <translation>под заказ</translation>
    </message>
    <message>
        <source>out of stock</source>
        <translation>нет в наличии</translation>
    </message>
    <message>
        <source>from {0}, until cancelled</source>
        <translation>с {0}, бессрочно</translation>
    </message>
    <message>
        <source>{0} – {1}</source>
        <translation>{0} – {1}</translation>
    </message>
    <message>
        <source>Conditions:</source>
        <translation>Условия:</translation>
    </message>
    <message>
        <source>Copied to the clipboard</source>
        <translation>Скопировано в буфер обмена</translation>
    </message>
    <message>
        <source>Add to order</source>
        <translation>Добавить в заказ</translation>
    </message>
    <message>
        <source>Add the selected product or service to the order</source>
        <translation>Добавить выбранный товар или услугу в заказ</translation>
    </message>
    <message>
        <source>Added to the order: {0}</source>
        <translation>Добавлено в заказ: {0}</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>The new language is used after restarting the program.</source>
        <translation>Новый язык будет применён после перезапуска программы.</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>Язык интерфейса:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>LineRow</name>
    <message>
        <source>Product or service: start typing</source>
        <translation>Товар или услуга: начните вводить</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>Удалить позицию</translation>
    </message>
</context>
<context>
    <name>LinesEditor</name>
    <message>
        <source>Add a line</source>
        <translation>Добавить позицию</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Softphone</source>
        <translation>Софтфон</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>Настройки сохранены</translation>
    </message>
    <message>
        <source>The language changes after a restart.</source>
        <translation>Язык сменится после перезапуска программы.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message numerus="yes">
        <source>There are %n call(s) in progress. Hang up and quit?</source>
        <translation>
            <numerusform>Идёт %n звонок. Завершить его и выйти?</numerusform>
            <numerusform>Идут %n звонка. Завершить их и выйти?</numerusform>
            <numerusform>Идут %n звонков. Завершить их и выйти?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MasterPasswordDialog</name>
    <message>
        <source>Encrypted password file</source>
        <translation>Зашифрованный файл паролей</translation>
    </message>
    <message>
        <source>This computer has no system password store, so the passwords of the SIP accounts are kept in an encrypted file. Enter its master password to register the SIP accounts: {0}. Without it the softphone starts without them.</source>
        <translation>На этом компьютере нет системного хранилища паролей, поэтому пароли SIP-учётных записей хранятся в зашифрованном файле. Введите его мастер-пароль, чтобы зарегистрировать учётные записи: {0}. Без него программа запустится без них.</translation>
    </message>
    <message>
        <source>Master password:</source>
        <translation>Мастер-пароль:</translation>
    </message>
    <message>
        <source>Enter the master password.</source>
        <translation>Введите мастер-пароль.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>Wrong master password. Tries left: {0}.</source>
        <translation>Неверный мастер-пароль. Осталось попыток: {0}.</translation>
    </message>
    <message>
        <source>The master password was wrong {0} times: the SIP accounts are not registered. Restart the softphone to try again.</source>
        <translation>Мастер-пароль введён неверно {0} раза: SIP-учётные записи не зарегистрированы. Перезапустите программу, чтобы попробовать снова.</translation>
    </message>
    <message>
        <source>The SIP accounts are not registered: the encrypted password file stays locked without its master password. Restart the softphone to enter it.</source>
        <translation>SIP-учётные записи не зарегистрированы: без мастер-пароля зашифрованный файл паролей остаётся закрытым. Перезапустите программу, чтобы ввести его.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Close this message</source>
        <translation>Закрыть сообщение</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <source>Number or sip:user@host</source>
        <translation>Номер или sip:пользователь@адрес</translation>
    </message>
</context>
<context>
    <name>OperatorOptionsPage</name>
    <message>
        <source>e.g. Anna</source>
        <translation>например, Анна</translation>
    </message>
    <message>
        <source>Used in the script: «My name is …»</source>
        <translation>Подставляется в скрипт: «Меня зовут …»</translation>
    </message>
    <message>
        <source>Answer calls by themselves (headset)</source>
        <translation>Отвечать на звонки автоматически (гарнитура)</translation>
    </message>
    <message>
        <source>Only while Ready and with no other call; a short beep comes first</source>
        <translation>Только в статусе «Готов» и без другого звонка; перед ответом звучит короткий сигнал</translation>
    </message>
    <message>
        <source>104 or sip:anna@pbx.office</source>
        <translation>104 или sip:anna@pbx.office</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Your name in the script:</source>
        <translation>Ваше имя в скрипте:</translation>
    </message>
    <message>
        <source>Transfers to this operator go to:</source>
        <translation>Перевод на этого оператора — на номер:</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
</context>
<context>
    <name>OrderFormPanel</name>
    <message>
        <source>New order</source>
        <translation>Новый заказ</translation>
    </message>
    <message>
        <source>City, street, house, flat</source>
        <translation>Город, улица, дом, квартира</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>Контактное лицо:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Delivery address:</source>
        <translation>Адрес доставки:</translation>
    </message>
    <message>
        <source>Promotion the customer names:</source>
        <translation>Акция, которую называет клиент:</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>Комментарий:</translation>
    </message>
    <message>
        <source>Submit the order</source>
        <translation>Оформить заказ</translation>
    </message>
    <message>
        <source>Lines:</source>
        <translation>Позиции:</translation>
    </message>
    <message>
        <source>{0} (expired)</source>
        <translation>{0} (закончилась)</translation>
    </message>
    <message>
        <source>Unfinished order (restored)</source>
        <translation>Незаконченный заказ (восстановлен)</translation>
    </message>
    <message>
        <source>Sum: {0}</source>
        <translation>Сумма: {0}</translation>
    </message>
    <message>
        <source>Discount: −{0}</source>
        <translation>Скидка: −{0}</translation>
    </message>
    <message>
        <source>Total: {0}</source>
        <translation>Итого: {0}</translation>
    </message>
    <message>
        <source>The order is not saved: correct the fields</source>
        <translation>Заказ не сохранён: исправьте поля</translation>
    </message>
    <message>
        <source>The order is not saved: {0}</source>
        <translation>Заказ не сохранён: {0}</translation>
    </message>
    <message>
        <source>Order {0}</source>
        <translation>Заказ {0}</translation>
    </message>
    <message>
        <source>Order {0}: {1}, total {2}</source>
        <translation>Заказ {0}: {1}, итого {2}</translation>
    </message>
</context>
<context>
    <name>PhoneColumn</name>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>During a call the keys send tones (DTMF)</source>
        <translation>Во время разговора кнопки посылают тоновые сигналы (DTMF)</translation>
    </message>
    <message>
        <source>Current calls</source>
        <translation>Текущие звонки</translation>
    </message>
</context>
<context>
    <name>PlansTable</name>
    <message>
        <source>Plan</source>
        <translation>План</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Includes</source>
        <translation>Что входит</translation>
    </message>
    <message>
        <source>Includes: separate the items with “;”</source>
        <translation>Что входит: перечислите через «;»</translation>
    </message>
    <message>
        <source>Add plan</source>
        <translation>Добавить план</translation>
    </message>
    <message>
        <source>Remove plan</source>
        <translation>Удалить план</translation>
    </message>
    <message>
        <source>plan “{0}”: price “{1}” is not a number</source>
        <translation>план «{0}»: цена «{1}» — не число</translation>
    </message>
</context>
<context>
    <name>PlaybooksEditor</name>
    <message>
        <source>One point per line; empty lines are dropped.</source>
        <translation>Один пункт на строку; пустые строки не сохраняются.</translation>
    </message>
    <message>
        <source>Add playbook</source>
        <translation>Добавить плейбук</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Points:</source>
        <translation>Пункты:</translation>
    </message>
    <message>
        <source>New playbook</source>
        <translation>Новый плейбук</translation>
    </message>
    <message>
        <source>(no title)</source>
        <translation>(без названия)</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Waiting</source>
        <translation>Ждёт</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>Срок ответа</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Вопрос</translation>
    </message>
    <message>
        <source>Order request</source>
        <translation>Заявка на заказ</translation>
    </message>
    <message>
        <source>Call again at {0}</source>
        <translation>Перезвонить в {0}</translation>
    </message>
    <message>
        <source>{0} left</source>
        <translation>осталось {0}</translation>
    </message>
    <message>
        <source>{0} overdue</source>
        <translation>просрочено на {0}</translation>
    </message>
    <message>
        <source>Taken by me</source>
        <translation>Взята мной</translation>
    </message>
    <message>
        <source>Taken by {0}</source>
        <translation>Взял(а) {0}</translation>
    </message>
    <message>
        <source>No answer, call again</source>
        <translation>Не дозвонились, перезвонить</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новая</translation>
    </message>
</context>
<context>
    <name>QueueNotifier</name>
    <message>
        <source>New website request</source>
        <translation>Новая заявка с сайта</translation>
    </message>
    <message>
        <source>New website requests: {0}</source>
        <translation>Новых заявок с сайта: {0}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Website requests</source>
        <translation>Заявки с сайта</translation>
    </message>
    <message>
        <source>The request&apos;s details</source>
        <translation>Подробности заявки</translation>
    </message>
    <message>
        <source>Note for the outcome (optional)</source>
        <translation>Комментарий к результату (необязательно)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>When to call again after no answer</source>
        <translation>Когда перезвонить, если не дозвонились</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Взять</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>Вернуть в очередь</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Не дозвонились</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Неверный номер</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дубликат</translation>
    </message>
    <message>
        <source>Could not load requests: {0}</source>
        <translation>Не удалось загрузить заявки: {0}</translation>
    </message>
    <message>
        <source>Waiting: {0}</source>
        <translation>Ждут: {0}</translation>
    </message>
    <message>
        <source>overdue: {0}</source>
        <translation>просрочено: {0}</translation>
    </message>
    <message>
        <source>Request #{0} from {1}, {2}</source>
        <translation>Заявка №{0} с сайта {1}, {2}</translation>
    </message>
    <message>
        <source>Preferred time: {0}</source>
        <translation>Удобное время: {0}</translation>
    </message>
    <message>
        <source>Page: {0}</source>
        <translation>Страница: {0}</translation>
    </message>
    <message>
        <source>Request #{0} is yours.</source>
        <translation>Заявка №{0} ваша.</translation>
    </message>
    <message>
        <source>Another operator was quicker: request #{0} is taken.</source>
        <translation>Другой оператор успел раньше: заявка №{0} уже взята.</translation>
    </message>
    <message>
        <source>Calling back request #{0}…</source>
        <translation>Перезваниваем по заявке №{0}…</translation>
    </message>
    <message>
        <source>Request #{0} is back in the queue.</source>
        <translation>Заявка №{0} возвращена в очередь.</translation>
    </message>
    <message>
        <source>Outcome of request #{0} saved.</source>
        <translation>Результат по заявке №{0} сохранён.</translation>
    </message>
</context>
<context>
    <name>RecentContacts</name>
    <message>
        <source>Recent contacts</source>
        <translation>Последние обращения</translation>
    </message>
</context>
<context>
    <name>RecordListEditor</name>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Выше</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Ниже</translation>
    </message>
</context>
<context>
    <name>RecordingsPage</name>
    <message>
        <source>Record calls</source>
        <translation>Записывать разговоры</translation>
    </message>
    <message>
        <source>Save policy</source>
        <translation>Сохранить правила</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Прослушать</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Keep recordings, days:</source>
        <translation>Хранить записи, дней:</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Записи разговоров</translation>
    </message>
    <message>
        <source>No. %1, %2, %3 KB</source>
        <translation>№%1, %2, %3 КБ</translation>
    </message>
    <message>
        <source>Recording policy saved.</source>
        <translation>Правила записи сохранены.</translation>
    </message>
    <message>
        <source>Playing.</source>
        <translation>Воспроизведение.</translation>
    </message>
</context>
<context>
    <name>ReportsLauncher</name>
    <message>
        <source>Reports…</source>
        <translation>Отчёты…</translation>
    </message>
    <message>
        <source>Calls, orders and website requests per operator</source>
        <translation>Звонки, заказы и заявки с сайта по операторам</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Эта неделя</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <source>Dates…</source>
        <translation>Выбрать даты…</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Все операторы</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Сохранить в PDF…</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>Сохранить в CSV…</translation>
    </message>
    <message>
        <source>Call outcome</source>
        <translation>Итог звонка</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонков</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящие</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущенные</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Отвечено</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Разговоры</translation>
    </message>
    <message>
        <source>Average call</source>
        <translation>Ср. разговор</translation>
    </message>
    <message>
        <source>Average answer</source>
        <translation>Ср. ответ</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Заявки</translation>
    </message>
    <message>
        <source>Web requests taken</source>
        <translation>С сайта: взято</translation>
    </message>
    <message>
        <source>Web requests closed</source>
        <translation>С сайта: закрыто</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Считаю…</translation>
    </message>
    <message>
        <source>no outcome yet</source>
        <translation>без итога</translation>
    </message>
    <message>
        <source>Period: {0}</source>
        <translation>Период: {0}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>Operators&apos; work report</source>
        <translation>Отчёт о работе операторов</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>Сохранить отчёт в PDF</translation>
    </message>
    <message>
        <source>Save report as CSV</source>
        <translation>Сохранить отчёт в CSV</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>Не удалось сохранить {0}: {1}</translation>
    </message>
    <message>
        <source>Saved: {0}</source>
        <translation>Сохранено: {0}</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>Figures</source>
        <translation>Показатели</translation>
    </message>
</context>
<context>
    <name>RichTextField</name>
    <message>
        <source>B</source>
        <translation>Ж</translation>
    </message>
    <message>
        <source>Bold (Ctrl+B)</source>
        <translation>Жирный (Ctrl+B)</translation>
    </message>
    <message>
        <source>• List</source>
        <translation>• Список</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>Маркированный список</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <source>Conversation script</source>
        <translation>Сценарий разговора</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>What to say to the caller, step by step</source>
        <translation>Что говорить клиенту, шаг за шагом</translation>
    </message>
    <message>
        <source>Playbook</source>
        <translation>Памятка</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>ваше имя</translation>
    </message>
    <message>
        <source>company</source>
        <translation>компания</translation>
    </message>
    <message>
        <source>how to address the caller</source>
        <translation>обращение к клиенту</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>Show the playbook: {0}</source>
        <translation>Показать плейбук: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Не удалось сохранить настройки: %1</translation>
    </message>
    <message>
        <source>Saved, but not applied yet: %1</source>
        <translation>Сохранено, но пока не применено: %1</translation>
    </message>
</context>
<context>
    <name>SideArea</name>
    <message>
        <source>Side panels</source>
        <translation>Боковые панели</translation>
    </message>
    <message>
        <source>Side panel {0}</source>
        <translation>Боковая панель {0}</translation>
    </message>
    <message>
        <source>Side panel {0}: {1}</source>
        <translation>Боковая панель {0}: {1}</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation>Создание администратора</translation>
    </message>
    <message>
        <source>Nobody can sign in yet. Create the administrator account: the administrator adds operators and supervisors and configures SIP accounts.</source>
        <translation>Пока никто не может войти. Создайте учётную запись администратора: администратор добавляет операторов и супервизоров и настраивает SIP-учётные записи.</translation>
    </message>
    <message>
        <source>Name shown to callers:</source>
        <translation>Имя для клиентов:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Повторите пароль:</translation>
    </message>
    <message>
        <source>Enter the login and the password.</source>
        <translation>Введите логин и пароль.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Пароли не совпадают.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
</context>
<context>
    <name>SoundPath</name>
    <message>
        <source>%1 is disconnected: sound moved to %2</source>
        <translation>%1 отключено: звук переведён на %2</translation>
    </message>
    <message>
        <source>%1 is connected again: sound is back on it</source>
        <translation>%1 снова подключено: звук вернулся на него</translation>
    </message>
    <message>
        <source>The sound server does not answer: calls connect, but nothing is heard or sent</source>
        <translation>Звуковой сервер не отвечает: звонки соединяются, но ничего не слышно и не передаётся</translation>
    </message>
    <message>
        <source>No sound device: calls connect, but nothing is heard or sent</source>
        <translation>Нет звукового устройства: звонки соединяются, но ничего не слышно и не передаётся</translation>
    </message>
    <message>
        <source>No microphone: the other party does not hear you</source>
        <translation>Нет микрофона: собеседник вас не слышит</translation>
    </message>
    <message>
        <source>No headphones or speakers: you do not hear the other party</source>
        <translation>Нет наушников или динамиков: вы не слышите собеседника</translation>
    </message>
</context>
<context>
    <name>SoundStateLabel</name>
    <message>
        <source>No sound device: calls connect, but are silent here</source>
        <translation>Нет звукового устройства: звонки соединяются, но здесь ничего не слышно</translation>
    </message>
    <message>
        <source>Audio: {0} / {1}</source>
        <translation>Звук: {0} / {1}</translation>
    </message>
    <message>
        <source>Ringing on: {0}</source>
        <translation>Звонок звучит на: {0}</translation>
    </message>
</context>
<context>
    <name>SpeechReportView</name>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонков</translation>
    </message>
    <message>
        <source>Pace matched</source>
        <translation>В темпе собеседника</translation>
    </message>
    <message>
        <source>Longest pause</source>
        <translation>Самая долгая пауза</translation>
    </message>
    <message>
        <source>Talked over</source>
        <translation>Говорили одновременно</translation>
    </message>
    <message>
        <source>Right volume</source>
        <translation>Громкость в норме</translation>
    </message>
    <message>
        <source>Pace, syll./s</source>
        <translation>Темп, слог./с</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>Речь</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Считаю…</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>No calls with speech figures in this period.</source>
        <translation>За этот период нет звонков с показателями речи.</translation>
    </message>
</context>
<context>
    <name>StatusControl</name>
    <message>
        <source>Agent status</source>
        <translation>Статус оператора</translation>
    </message>
    <message>
        <source>Ready, break, after-call work or do not disturb</source>
        <translation>Готов, перерыв, постобработка или «не беспокоить»</translation>
    </message>
    <message>
        <source>Change the agent status ({0})</source>
        <translation>Сменить статус ({0})</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
</context>
<context>
    <name>StatusNames</name>
    <message>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>оформлен</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>подтверждён</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
</context>
<context>
    <name>StatusTimesView</name>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>After-call work</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>Breaks by reason</source>
        <translation>Перерывы по причинам</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>Статусы</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Считаю…</translation>
    </message>
    <message>
        <source>No status changes in this period.</source>
        <translation>За этот период статус не менялся.</translation>
    </message>
</context>
<context>
    <name>StepsEditor</name>
    <message>
        <source>Every call</source>
        <translation>Все звонки</translation>
    </message>
    <message>
        <source>Incoming calls</source>
        <translation>Входящие звонки</translation>
    </message>
    <message>
        <source>Outgoing calls</source>
        <translation>Исходящие звонки</translation>
    </message>
    <message>
        <source>Placeholders: {operator}, {company}, {address}</source>
        <translation>Подстановки: {operator} — ваше имя, {company} — компания, {address} — обращение к клиенту</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Добавить шаг</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>Для:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Заголовок:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Текст:</translation>
    </message>
    <message>
        <source>New step</source>
        <translation>Новый шаг</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer call</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <source>Transfer {0} to:</source>
        <translation>Перевести {0} на:</translation>
    </message>
    <message>
        <source>A number or address</source>
        <translation>Номер или адрес</translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation>Перевести сразу</translation>
    </message>
    <message>
        <source>Hand the call over without talking to them first</source>
        <translation>Передать звонок без предварительного разговора</translation>
    </message>
    <message>
        <source>Talk first</source>
        <translation>Сначала поговорить</translation>
    </message>
    <message>
        <source>Put this call on hold and call the number; transfer when they agree</source>
        <translation>Поставить этот звонок на удержание и позвонить на номер; перевести, когда собеседник согласится</translation>
    </message>
    <message>
        <source>A colleague</source>
        <translation>Коллеге</translation>
    </message>
    <message>
        <source>Transfer to the colleague</source>
        <translation>Перевести коллеге</translation>
    </message>
    <message>
        <source>Talk to them first</source>
        <translation>Сначала поговорить с коллегой</translation>
    </message>
    <message>
        <source>Another current call</source>
        <translation>Другой текущий звонок</translation>
    </message>
    <message>
        <source>Connect them</source>
        <translation>Соединить</translation>
    </message>
    <message>
        <source>Connect this call with the selected call</source>
        <translation>Соединить этот звонок с выбранным</translation>
    </message>
</context>
<context>
    <name>UnknownCallerQuestion</name>
    <message>
        <source>How may I address you?</source>
        <translation>Как к Вам обращаться?</translation>
    </message>
    <message>
        <source>e.g. Maria Ivanovna</source>
        <translation>например, Мария Ивановна</translation>
    </message>
    <message>
        <source>Surname, first name, patronymic</source>
        <translation>Фамилия, имя, отчество</translation>
    </message>
    <message>
        <source>VIP customer</source>
        <translation>VIP-клиент</translation>
    </message>
    <message>
        <source>Save caller</source>
        <translation>Сохранить клиента</translation>
    </message>
    <message>
        <source>Form of address:</source>
        <translation>Обращение:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Write how to address the caller first.</source>
        <translation>Сначала укажите, как обращаться к клиенту.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Name in the script</source>
        <translation>Имя в скрипте</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Transfers to</source>
        <translation>Перевод на</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>e.g. Anna</source>
        <translation>например, Анна</translation>
    </message>
    <message>
        <source>Used in the script: «My name is …»</source>
        <translation>Подставляется в скрипт: «Меня зовут …»</translation>
    </message>
    <message>
        <source>104 or sip:anna@pbx.office</source>
        <translation>104 или sip:anna@pbx.office</translation>
    </message>
    <message>
        <source>May sign in</source>
        <translation>Может входить в программу</translation>
    </message>
    <message>
        <source>Save user</source>
        <translation>Сохранить пользователя</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>новый пароль</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Новый пароль</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Сбросить пароль</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <source>Name in the script:</source>
        <translation>Имя в скрипте:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Роль:</translation>
    </message>
    <message>
        <source>Transfers to this user go to:</source>
        <translation>Звонки этому сотруднику переводить на:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Супервизор</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>активен</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>отключён</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>Type the new password first.</source>
        <translation>Сначала введите новый пароль.</translation>
    </message>
    <message>
        <source>The password of %1 was changed; tell them in person.</source>
        <translation>Пароль пользователя %1 изменён; сообщите его лично.</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;Calls</source>
        <translation>&amp;Звонки</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Переход</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Сервис</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Спр&amp;авка</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <source>Choose the outcome…</source>
        <translation>Выберите итог…</translation>
    </message>
    <message>
        <source>What was agreed; the customer may read it</source>
        <translation>О чём договорились; клиент может это прочитать</translation>
    </message>
    <message>
        <source>Call back at</source>
        <translation>Перезвонить в</translation>
    </message>
    <message>
        <source>Save wrap-up</source>
        <translation>Сохранить итоги</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>Итог:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Заметки:</translation>
    </message>
    <message>
        <source>Wrap-up: {0}</source>
        <translation>Итоги звонка: {0}</translation>
    </message>
    <message>
        <source>Notes are kept as you type</source>
        <translation>Заметки сохраняются по мере ввода</translation>
    </message>
    <message>
        <source>After-call work: new calls ring in {0} s</source>
        <translation>Постобработка: новые звонки пойдут через {0} с</translation>
    </message>
    <message>
        <source>New calls ring again</source>
        <translation>Новые звонки снова поступают</translation>
    </message>
    <message>
        <source>Choose the outcome of the call.</source>
        <translation>Выберите итог звонка.</translation>
    </message>
</context>
</TS>
