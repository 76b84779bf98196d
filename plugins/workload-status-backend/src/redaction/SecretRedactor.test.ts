import { SecretRedactor } from './SecretRedactor';

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDphcHAifQ.c2lnbmF0dXJlLXZhbHVlLWhlcmU';

describe('SecretRedactor', () => {
  const redact = (line: string) => new SecretRedactor().redactLine(line);

  it.each([
    [
      'DEBUG outgoing request headers: Authorization: Bearer abc.def-ghi_jkl0123456789',
      'DEBUG outgoing request headers: Authorization: Bearer [REDACTED]',
    ],
    [
      `{"level":"debug","msg":"calling api","headers":{"authorization":"Bearer ${JWT}"}}`,
      '{"level":"debug","msg":"calling api","headers":{"authorization":"Bearer [REDACTED]"}}',
    ],
    [
      'GET /metrics authorization=Basic dXNlcjpodW50ZXIy',
      'GET /metrics authorization=Basic [REDACTED]',
    ],
    [
      'Proxy-Authorization: c2VjcmV0OnZhbHVl',
      'Proxy-Authorization: [REDACTED]',
    ],
    [
      'retrying with bearer sk_live_51HqT9aKZ0jXbXy2Q',
      'retrying with bearer [REDACTED]',
    ],
    [`token accepted: ${JWT} for user`, 'token accepted: [REDACTED] for user'],
    [
      'connecting to postgres://app:s3cr3t@db:5432/shop',
      'connecting to postgres://app:[REDACTED]@db:5432/shop',
    ],
    [
      '{"msg":"connected","dsn":"mongodb+srv://svc:p%40ss@cluster0.example.net/orders"}',
      '{"msg":"connected","dsn":"mongodb+srv://svc:[REDACTED]@cluster0.example.net/orders"}',
    ],
    [
      'amqp://:onlypass@rabbit:5672 unreachable',
      'amqp://:[REDACTED]@rabbit:5672 unreachable',
    ],
    [
      '{"level":"info","user":"app","password":"hunter2","db":"shop"}',
      '{"level":"info","user":"app","password":"[REDACTED]","db":"shop"}',
    ],
    [
      '{"client_secret":"a\\"b\\\\c","ok":true}',
      '{"client_secret":"[REDACTED]","ok":true}',
    ],
    [
      'time=2026-11-22T06:01:02Z level=INFO msg=login db_password=hunter2 user=app',
      'time=2026-11-22T06:01:02Z level=INFO msg=login db_password=[REDACTED] user=app',
    ],
    [
      'starting with --api-key="k-123 456" --port=8080',
      'starting with --api-key="[REDACTED]" --port=8080',
    ],
    [
      'GET /callback?code=abc&access_token=ya29.a0AfH6SM&state=1',
      'GET /callback?code=abc&access_token=[REDACTED]&state=1',
    ],
    ['passwd=letmein; user=root', 'passwd=[REDACTED]; user=root'],
    ["SECRET='very secret value'", "SECRET='[REDACTED]'"],
    ['password: hunter2', 'password: [REDACTED]'],
    ['X-Api-Key: 0123456789abcdef', 'X-Api-Key: [REDACTED]'],
    [
      'using credentials AKIAIOSFODNN7EXAMPLE in us-east-1',
      'using credentials [REDACTED] in us-east-1',
    ],
    [
      'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key=[REDACTED]',
    ],
    [
      '{"key":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----","next":1}',
      '{"key":"-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----","next":1}',
    ],
  ])('redacts %s', (line, expected) => {
    expect(redact(line)).toBe(expected);
  });

  it.each([
    '{"level":"info","time":"2026-11-22T06:01:02.123Z","msg":"request completed","method":"GET","path":"/api/cart","status":200,"durationMs":12}',
    'missing bearer token',
    'failed to refresh token: connection refused',
    '{"level":"info","msg":"mounted","secretName":"db-credentials","tokenCount":3}',
    'max_tokens=512 temperature=0.2',
    "TypeError: Cannot read properties of undefined (reading 'currency')",
    '    at loadPricingRules (/app/dist/pricing/rules.js:87:43)',
    'GET https://registry.example.com/v2/shop/web/manifests/1.0.0 200',
    '[migrate] connecting to postgres://checkout-db.shop.svc:5432/checkout',
    'E1122 06:01:02.123456       1 controller.go:123] "Reconciler error" err="deployment shop/checkout is not available" Deployment="shop/checkout"',
    '-----BEGIN CERTIFICATE-----',
    'ssh-keygen wrote /home/app/.ssh/id_ed25519.pub',
    'password reset requested for user 42',
    'the Secret shop/db-credentials was updated',
    '',
  ])('leaves %j alone', line => {
    expect(redact(line)).toBe(line);
  });

  it('redacts every line of a PEM private key, keeping the markers', () => {
    const r = new SecretRedactor();
    const lines = [
      'loaded TLS key:',
      '-----BEGIN PRIVATE KEY-----',
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
      'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
      '',
      '-----END PRIVATE KEY-----',
      'listening on :8443',
    ];
    expect(lines.map(l => r.redactLine(l))).toEqual([
      'loaded TLS key:',
      '-----BEGIN PRIVATE KEY-----',
      '[REDACTED]',
      '[REDACTED]',
      '',
      '-----END PRIVATE KEY-----',
      'listening on :8443',
    ]);
  });

  it('keeps the kubelet timestamp prefix inside a key block', () => {
    const r = new SecretRedactor();
    const ts = '2026-11-22T06:01:02.123456789Z ';
    expect(
      [
        `${ts}-----BEGIN EC PRIVATE KEY-----`,
        `${ts}MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49`,
        `${ts}-----END EC PRIVATE KEY-----`,
      ].map(l => r.redactLine(l)),
    ).toEqual([
      `${ts}-----BEGIN EC PRIVATE KEY-----`,
      `${ts}[REDACTED]`,
      `${ts}-----END EC PRIVATE KEY-----`,
    ]);
  });

  it('stops swallowing lines when a BEGIN marker has no END', () => {
    const r = new SecretRedactor();
    r.redactLine('-----BEGIN OPENSSH PRIVATE KEY-----');
    for (let i = 0; i < 200; i++)
      expect(r.redactLine('abc')).toBe('[REDACTED]');
    expect(r.redactLine('back to normal')).toBe('back to normal');
  });

  it('is per stream: a key block in one stream does not affect another', () => {
    const a = new SecretRedactor();
    const b = new SecretRedactor();
    a.redactLine('-----BEGIN PRIVATE KEY-----');
    expect(a.redactLine('MIIEvQIBADANBg')).toBe('[REDACTED]');
    expect(b.redactLine('MIIEvQIBADANBg')).toBe('MIIEvQIBADANBg');
  });
});
