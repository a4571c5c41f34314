// Answers given to create-pyme-stack; ALERT_PHONE and ALERTS_LANG override them.
export const DEFAULT_PHONE = "525512345678";
export const DEFAULT_LANG: 'es' | 'en' = "es";
