// Answers given to create-pyme-stack; ALERT_PHONE and ALERTS_LANG override them.
export const DEFAULT_PHONE = "14155550123";
export const DEFAULT_LANG: 'es' | 'en' = "en";
