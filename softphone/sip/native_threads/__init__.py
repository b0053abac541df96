"""What Python needs on threads that C libraries start and call us from (PJSIP's clock thread,
libpulse's mainloop thread): kept_state.KeptThreadState."""
