{{/* A pod spec that satisfies the restricted Pod Security Standard, merged with "extra". */}}
{{- define "hostile.pod" -}}
metadata:
  name: {{ .name }}
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: busybox:1.36
      command: ["sleep", "infinity"]
      resources:
        requests: {cpu: 10m, memory: 16Mi}
        limits: {cpu: 50m, memory: 32Mi}
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
{{- end }}
