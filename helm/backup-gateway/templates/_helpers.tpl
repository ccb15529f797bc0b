{{- define "backup-gateway.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "backup-gateway.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "backup-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "backup-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "backup-gateway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "backup-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "backup-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "backup-gateway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "backup-gateway.iamSecretName" -}}
{{- default (printf "%s-iam" (include "backup-gateway.fullname" .)) .Values.iam.existingSecret -}}
{{- end -}}

{{- define "backup-gateway.databaseSecretName" -}}
{{- default (printf "%s-database" (include "backup-gateway.fullname" .)) .Values.database.existingSecret -}}
{{- end -}}

{{/* The application configuration: the gateway tree as given, plus what the chart decides. */}}
{{- define "backup-gateway.applicationYaml" -}}
spring:
  datasource:
    url: {{ .Values.database.url | quote }}
    username: {{ .Values.database.username | quote }}
  security:
    oauth2:
      resourceserver:
        jwt:
          jwk-set-uri: {{ .Values.jwkSetUri | quote }}
      {{- if .Values.console.enabled }}
      # the audit console's client (docs/design.md 3.7); its secret comes from the environment
      client:
        registration:
          idp:
            client-id: {{ .Values.console.clientId | quote }}
            authorization-grant-type: authorization_code
            scope: openid
            redirect-uri: {{ .Values.console.redirectUri | quote }}
        provider:
          idp:
            issuer-uri: {{ .Values.console.issuerUri | quote }}
            user-name-attribute: sub
      {{- end }}
  lifecycle:
    timeout-per-shutdown-phase: {{ .Values.shutdown.timeoutPerPhase | quote }}
server:
  port: 8080
  shutdown: graceful
  forward-headers-strategy: {{ .Values.forwardedHeaders.strategy | quote }}
  {{- if .Values.forwardedHeaders.trustedProxies }}
  tomcat:
    remoteip:
      internal-proxies: {{ .Values.forwardedHeaders.trustedProxies | quote }}
  {{- end }}
management:
  server:
    port: 8081
gateway:
{{ toYaml .Values.gateway | indent 2 }}
{{- end -}}

{{- define "backup-gateway.databaseOwnerSecretName" -}}
{{- default (printf "%s-database-owner" (include "backup-gateway.fullname" .)) .Values.database.owner.existingSecret -}}
{{- end }}

{{/*
The environment both the gateway and the migrating init container need.
*/}}
{{- define "backup-gateway.commonEnv" -}}
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: file:/config/
{{- if .Values.logging.format }}
- name: LOGGING_STRUCTURED_FORMAT_CONSOLE
  value: {{ .Values.logging.format | quote }}
{{- end }}
- name: GATEWAY_CLOUD_IAM_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "backup-gateway.iamSecretName" . }}
      key: {{ .Values.iam.existingSecretKey }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "backup-gateway.databaseSecretName" . }}
      key: {{ .Values.database.existingSecretKey }}
{{- if .Values.console.enabled }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTSECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "console.existingSecret names the Secret with the console's client secret" .Values.console.existingSecret }}
      key: {{ .Values.console.existingSecretKey }}
{{- end }}
{{- if .Values.auditSigningKey.existingSecret }}
- name: GATEWAY_AUDIT_SIGNING_KEY
  value: file:/etc/backup-gateway/audit-signing-key.pem
{{- with .Values.auditSigningKey.trustedKeys }}
# retired public keys whose digests verify still accepts (docs/audit.md "Rotation")
- name: GATEWAY_AUDIT_TRUSTEDKEYS
  value: {{ include "backup-gateway.trustedKeyFiles" $ | quote }}
{{- end }}
{{- if .Values.auditSigningKey.entryKey }}
# the key of entry MACs, else derived from the signing key (docs/audit.md)
- name: GATEWAY_AUDIT_ENTRYKEY
  value: file:/etc/backup-gateway/audit-entry-key
{{- end }}
{{- with .Values.auditSigningKey.previousEntryKeys }}
- name: GATEWAY_AUDIT_PREVIOUSENTRYKEYS
  value: {{ include "backup-gateway.previousEntryKeyFiles" $ | quote }}
{{- end }}
{{- end }}
{{- end }}

{{- define "backup-gateway.commonMounts" -}}
- name: config
  mountPath: /config
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .Values.auditSigningKey.existingSecret }}
- name: audit-signing-key
  mountPath: /etc/backup-gateway
  readOnly: true
{{- end }}
{{- end }}

{{/*
The gateway does not start without the key that signs its audit digests: refuse to render
rather than install a crash loop.
*/}}
{{- define "backup-gateway.requireSigningKey" -}}
{{- if not .Values.auditSigningKey.existingSecret -}}
{{- fail "auditSigningKey.existingSecret is required: a Secret with the Ed25519 private key that signs the audit digests (openssl genpkey -algorithm ed25519 -out audit-signing-key.pem; kubectl create secret generic backup-gateway-audit-key --from-file=audit-signing-key.pem)" -}}
{{- end -}}
{{- end }}

{{/*
An alert's runbook annotation: (list $ "anchor").
*/}}
{{- define "backup-gateway.runbook" -}}
{{- $root := index . 0 -}}
{{- $anchor := index . 1 -}}
{{- with $root.Values.prometheusRule.runbookBaseUrl -}}
runbook_url: {{ printf "%s#%s" (trimSuffix "/" .) $anchor | quote }}
{{- else -}}
runbook: docs/operations.md#{{ $anchor }}
{{- end -}}
{{- end }}

{{/*
The retired public keys as files in the signing key's volume, comma-separated.
*/}}
{{- define "backup-gateway.trustedKeyFiles" -}}
{{- $files := list -}}
{{- range $index, $key := .Values.auditSigningKey.trustedKeys -}}
{{- $files = append $files (printf "file:/etc/backup-gateway/trusted-%d.pem" $index) -}}
{{- end -}}
{{- join "," $files -}}
{{- end }}

{{- define "backup-gateway.previousEntryKeyFiles" -}}
{{- $files := list -}}
{{- range $index, $key := .Values.auditSigningKey.previousEntryKeys -}}
{{- $files = append $files (printf "file:/etc/backup-gateway/previous-entry-%d" $index) -}}
{{- end -}}
{{- join "," $files -}}
{{- end -}}
