import {
  arrayOf,
  bool,
  duration,
  int,
  k8s,
  k8sList,
  nullable,
  obj,
  oneOf,
  partial,
  port,
  type Schema,
  str,
  stringMap,
} from './json-schema.js';

/** What one deployable's chart adds to the values every chart has (infra/helm/lib). */
export interface ChartFeatures {
  /**
   * `autoscaling`: `queue` = a CPU HPA or KEDA on the queue's consumer lag (workers);
   * `cpu` = a CPU HPA only (no queue: the console); `none` = no autoscaling values.
   */
  autoscaling: 'queue' | 'cpu' | 'none';
  /** warehouse-svc: egress to public git servers, gitCredentials. */
  git: boolean;
  /** migration-svc: backup signing key, /data on a claim, the migration Job. */
  migration: boolean;
  /** console: its tokens from a Secret, an optional Ingress (operators reach it over HTTP). */
  console: boolean;
}

const worker = { git: false, migration: false, console: false } as const;

export const CHART_FEATURES: Record<string, ChartFeatures> = {
  'warehouse-svc': { ...worker, autoscaling: 'queue', git: true },
  'stats-svc': { ...worker, autoscaling: 'queue' },
  'accesslog-svc': { ...worker, autoscaling: 'queue' },
  'minimap-svc': { ...worker, autoscaling: 'queue' },
  'migration-svc': { ...worker, autoscaling: 'none', migration: true },
  'scheduler-svc': { ...worker, autoscaling: 'none' },
  console: { ...worker, autoscaling: 'cpu', console: true },
};

const natsStreams = obj({
  replicas: nullable(int(1, 5)),
  storage: nullable(oneOf('file', 'memory')),
  eventsMaxAgeMs: nullable(int(1)),
  dlqMaxAgeMs: nullable(int(1)),
  eventsMaxBytes: nullable(int(1)),
  dlqMaxBytes: nullable(int(1)),
});

const nats = obj(
  {
    url: str({ minLength: 1 }),
    namespace: str({ pattern: '^[A-Za-z0-9_-]*$' }),
    auth: obj(
      {
        mode: oneOf('user', 'creds', 'nkey', 'none'),
        user: str(),
        secretName: str(),
        passwordKey: str({ minLength: 1 }),
        credsKey: str({ minLength: 1 }),
        nkeyKey: str({ minLength: 1 }),
      },
      ['mode'],
    ),
    tls: obj({ enabled: bool(), caSecret: str(), caKey: str({ minLength: 1 }), clientCertSecret: str() }, [
      'enabled',
    ]),
    streams: natsStreams,
  },
  ['url', 'auth', 'tls'],
);

const image = obj(
  {
    repository: str({ minLength: 1 }),
    repositoryPrefix: str(),
    tag: str(),
    digest: str({ pattern: '^(sha256:[a-f0-9]{64})?$' }),
    pullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
  },
  ['repository'],
);

const imagePullSecrets = arrayOf(obj({ name: str({ minLength: 1 }) }, ['name']));

const database = obj({ secretName: str({ minLength: 1 }), secretKey: str({ minLength: 1 }) }, [
  'secretName',
  'secretKey',
]);

const serviceMonitor = obj({ enabled: bool(), interval: duration(), labels: stringMap() });

const peers = k8sList('NetworkPolicyPeer entries');
const networkPolicy = (git: boolean) =>
  obj({
    enabled: bool(),
    ingressFrom: peers,
    dns: obj({ to: peers }),
    nats: obj({ port: port(), to: peers }),
    postgres: obj({ port: port(), to: peers }),
    ...(git
      ? {
          publicEgress: obj({
            ports: arrayOf(port()),
            exceptIPv4: arrayOf(str()),
            exceptIPv6: arrayOf(str()),
          }),
        }
      : {}),
    extraEgress: k8sList('NetworkPolicyEgressRule entries'),
  });

const cpuAutoscaling = {
  enabled: bool(),
  minReplicas: int(0),
  maxReplicas: int(1),
  targetCPUUtilizationPercentage: int(1, 100),
};

const autoscaling = obj({
  ...cpuAutoscaling,
  keda: obj({
    enabled: bool(),
    monitoringEndpoint: str(),
    useHttps: bool(),
    account: str({ minLength: 1 }),
    lagThreshold: int(1),
    activationLagThreshold: int(0),
    pollingInterval: int(1),
    cooldownPeriod: int(0),
    fallbackFailureThreshold: int(1),
    fallbackReplicas: int(1),
  }),
});

/** The console's own keys: where its tokens are, and its Ingress. */
const consoleProperties: Record<string, Schema> = {
  tokens: obj({ secretName: str(), tokenKey: str({ minLength: 1 }), viewerTokenKey: str() }, [
    'secretName',
    'tokenKey',
  ]),
  ingress: obj({
    enabled: bool(),
    className: str(),
    annotations: stringMap(),
    // A DNS name (RFC 1123), wildcard allowed; "" until ingress.enabled (the template requires it).
    host: str({ pattern: '^(\\*\\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^$' }),
    path: str({ pattern: '^/' }),
    tlsSecret: str(),
  }),
};

/**
 * What the umbrella chart may set once for all services under `global`: each key replaces
 * the same key in every service chart (repowiki-lib.values).
 */
export const globalSchema = partial(
  obj({
    image: obj({ repositoryPrefix: str(), tag: str(), pullPolicy: oneOf('Always', 'IfNotPresent', 'Never') }),
    imagePullSecrets,
    nats: obj({
      url: str({ minLength: 1 }),
      namespace: str({ pattern: '^[A-Za-z0-9_-]*$' }),
      auth: obj({ mode: oneOf('user', 'creds', 'nkey', 'none') }),
      tls: obj({ enabled: bool(), caSecret: str(), caKey: str({ minLength: 1 }), clientCertSecret: str() }),
      streams: natsStreams,
    }),
    database,
    serviceMonitor,
    networkPolicy: obj({
      enabled: bool(),
      dns: obj({ to: peers }),
      nats: obj({ port: port(), to: peers }),
      postgres: obj({ port: port(), to: peers }),
    }),
    podSecurityContext: k8s('PodSecurityContext'),
  }),
);

/** The values.schema.json of one service chart. */
export function serviceValuesSchema(f: ChartFeatures): Schema {
  const properties: Record<string, Schema> = {
    // Helm adds these two: the library chart's (empty) values and the umbrella's condition.
    'repowiki-lib': { type: 'object' },
    enabled: bool(),
    global: globalSchema,
    replicaCount: int(0),
    image,
    imagePullSecrets,
    nameOverride: str(),
    fullnameOverride: str(),
    httpPort: port(),
    logLevel: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
    nats,
    database,
    shutdownGraceMs: int(1),
    terminationGracePeriodSeconds: int(1),
    env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    extraEnv: k8sList('EnvVar entries'),
    volumes: k8sList('Volume entries'),
    volumeMounts: k8sList('VolumeMount entries'),
    networkPolicy: networkPolicy(f.git),
    resources: k8s('ResourceRequirements'),
    podSecurityContext: k8s('PodSecurityContext'),
    securityContext: k8s('SecurityContext'),
    serviceAccount: obj({ create: bool(), name: str(), annotations: stringMap() }),
    podDisruptionBudget: obj({ enabled: bool(), maxUnavailable: { type: ['integer', 'string'] } }),
    topologySpread: obj({
      enabled: bool(),
      maxSkew: int(1),
      whenUnsatisfiable: oneOf('ScheduleAnyway', 'DoNotSchedule'),
      topologyKeys: arrayOf(str({ minLength: 1 })),
      constraints: k8sList('TopologySpreadConstraint entries'),
    }),
    podAnnotations: stringMap(),
    nodeSelector: stringMap(),
    affinity: k8s('Affinity'),
    tolerations: k8sList('Toleration entries'),
    serviceMonitor,
  };
  if (f.autoscaling === 'queue') properties.autoscaling = autoscaling;
  if (f.autoscaling === 'cpu') properties.autoscaling = obj({ ...cpuAutoscaling, minReplicas: int(1) });
  if (f.console) Object.assign(properties, consoleProperties);
  if (f.git) properties.gitCredentials = obj({ secretName: str(), credentialsKey: str({ minLength: 1 }) });
  if (f.migration) {
    properties.strategy = k8s('DeploymentStrategy');
    properties.backup = obj({ signingKeySecret: str(), signingKeySecretKey: str({ minLength: 1 }) });
    properties.persistence = obj({
      enabled: bool(),
      existingClaim: str(),
      size: str({ pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$' }),
      storageClass: str(),
      accessModes: arrayOf(oneOf('ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany')),
    });
    properties.migrate = obj({ enabled: bool(), backoffLimit: int(0), activeDeadlineSeconds: int(1) });
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'repowiki-tasks service chart values',
    ...obj(properties, ['image', 'httpPort', 'nats', 'database']),
  };
}

/** Text of a values.schema.json (stable key order, final newline). */
export function renderSchema(s: Schema): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

/**
 * The umbrella chart's values.schema.json: `global` as above, each service's block checked
 * by its own chart's schema (Helm validates every subchart with its own), the alert and
 * dashboard settings closed.
 */
export function umbrellaValuesSchema(services: readonly string[]): Schema {
  const properties: Record<string, Schema> = { global: globalSchema };
  for (const name of services) properties[name] = { type: 'object', properties: { enabled: bool() } };
  properties.prometheusRule = obj({
    enabled: bool(),
    labels: stringMap(),
    lagThreshold: int(1),
    lagFor: duration(),
    dlqWindow: duration(),
    failureRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    failureWindow: duration(),
    noWorkerFor: duration(),
    schedulerOverdueSeconds: int(1),
    queueStatsStaleSeconds: int(1),
  });
  properties.grafanaDashboard = obj({ enabled: bool(), labels: stringMap(), annotations: stringMap() });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'repowiki-tasks umbrella chart values',
    ...obj(properties),
  };
}
