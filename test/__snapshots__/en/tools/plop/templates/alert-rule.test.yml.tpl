# {{name}} (alert-rules.yml): quiet 4 minutes after the errors start, firing at 5.
- name: '{{name}}'
  interval: 1m
  input_series:
    # No errors for 10 minutes, then 6 a minute.
    - series: 'http_requests_total{job="backend", method="GET", route="/api/{{name}}", status="500"}'
      values: '0x10 6+6x20'
  alert_rule_test:
    - alertname: '{{alertName name}}'
      eval_time: 15m
      exp_alerts: []
    - alertname: '{{alertName name}}'
      eval_time: 16m
      exp_alerts:
        - exp_labels: {severity: warning}
          exp_annotations:
{{#if es}}
            summary: '{{name}}: 6 errores 5xx por minuto en /api/{{name}} (umbral 5)'
            description: Más de 5 respuestas 5xx por minuto en /api/{{name}} durante 5 minutos seguidos. Revisa GlitchTip.
{{else}}
            summary: '{{name}}: 6 5xx errors a minute on /api/{{name}} (threshold 5)'
            description: More than 5 5xx answers a minute on /api/{{name}} for 5 minutes in a row. Look at GlitchTip.
{{/if}}

