# {{name}}: made with `npm run new -- alert-rule {{name}}`; its test is in alert-rules.test.yml.
# A starting point: server errors (5xx) of the backend's /api/{{name}} routes. Change the expression
# and the threshold to what you want to watch, then the test case, and run promtool (see the top).
- name: '{{name}}'
  rules:
    - alert: '{{alertName name}}'
      expr: sum(irate(http_requests_total{job="backend", route=~"/api/{{name}}(/.*)?", status=~"5.."}[2m])) * 60 > 5
      for: 5m
      labels:
        severity: warning
      annotations:
{{#if es}}
        summary: '{{name}}: \{{ $value | printf "%.0f" }} errores 5xx por minuto en /api/{{name}} (umbral 5)'
        description: Más de 5 respuestas 5xx por minuto en /api/{{name}} durante 5 minutos seguidos. Revisa GlitchTip.
{{else}}
        summary: '{{name}}: \{{ $value | printf "%.0f" }} 5xx errors a minute on /api/{{name}} (threshold 5)'
        description: More than 5 5xx answers a minute on /api/{{name}} for 5 minutes in a row. Look at GlitchTip.
{{/if}}

