import {
  createTranslationRef,
  type TranslationFunction,
} from '@backstage/frontend-plugin-api';

/**
 * The texts of the Ray cluster card, the "Ray" tab and the scaffolder fields, for apps that translate
 * or reword them (`createTranslationMessages` or `createTranslationResource` with this ref). Verdict
 * reasons, diagnoses and validation messages come from the shared health and request models and stay
 * in English.
 *
 * @public
 */
export const synthoRayTranslationRef = createTranslationRef({
  id: 'syntho-ray',
  messages: {
    sizeField: {
      preset: 'Size preset',
      presets: {
        development: 'Development — head only, {{cpu}} CPU / {{memory}}',
        production:
          'Production — head {{cpu}} CPU / {{memory}} and one worker of {{workerCpu}} CPU / {{workerMemory}}',
        custom: 'Custom — your own head and worker groups',
      },
      head: 'Head',
      headCpu: 'Head CPU',
      headMemory: 'Head memory',
      cpuExample: 'e.g. 16',
      memoryExample: 'e.g. 64G',
      fromPreset: 'Preset: {{value}}',
      requiredForCustom: 'Required for a custom size',
      workerGroups: 'Worker groups',
      presetGroup:
        'From the preset: {{name}}, {{replicas}} × {{cpu}} CPU / {{memory}}',
      groupName: 'Group name',
      workers: 'Workers',
      min: 'Min',
      max: 'Max',
      cpu: 'CPU',
      memory: 'Memory',
      removeGroup: 'Remove group {{name}}',
      addGroup: 'Add worker group',
      fieldProblem: '{{field}}: {{message}}',
    },
    volumesField: {
      name: 'Volume name',
      mountPath: 'Mount path',
      mountPathExample: 'e.g. /mnt/data',
      claim: 'PersistentVolumeClaim',
      readOnly: 'Read only',
      removeVolume: 'Remove volume {{name}}',
      addVolume: 'Add volume',
      fieldProblem: '{{field}}: {{message}}',
    },
    review: {
      workerGroup: '{{name}}: {{details}}',
      unnamedGroup: 'Group {{index}}',
      workers: 'Workers {{value}}',
      minReplicas: 'Min replicas {{value}}',
      maxReplicas: 'Max replicas {{value}}',
      cpu: 'CPU {{value}}',
      memory: 'Memory {{value}}',
      volumeName: 'Volume name',
      mountPath: 'Mount path',
      claim: 'PersistentVolumeClaim',
      readOnly: 'Read only',
      yes: 'yes',
      no: 'no',
      warning: 'Warning: {{message}}',
      owner: '{{name}} ({{ref}})',
    },
    policyPicker: {
      platformDefault: 'Platform default',
      platformDefaultValue: 'Platform default ({{value}})',
      defaultFromPlatform: 'Default from the platform: {{value}}',
      warning: 'Warning: {{message}}',
    },
    status: {
      readError: "The Ray cluster's status could not be read",
      interrupted: 'Live updates interrupted; reconnecting',
      notDeployed: 'Not deployed yet',
      simulated: 'Simulated cluster',
      copyAddress: 'Copy the Ray address',
      addressCopied: 'Ray address copied',
      fix: 'Fix:',
      lastKnown: 'Last known {{age}} ago: {{counts}}.',
      lastKnownTitle: '{{title}} (last known {{age}} ago)',
      nothingKnown:
        'Pods, Service and events are not known: the cluster has not been read since its status was first asked for.',
      headReady: 'head ready',
      headNotReady: 'head not ready',
      workersReady_one: '{{ready}} of {{count}} worker ready',
      workersReady_other: '{{ready}} of {{count}} workers ready',
      seconds_one: '{{count}} s',
      seconds_other: '{{count}} s',
      minutes_one: '{{count}} min',
      minutes_other: '{{count}} min',
      hours_one: '{{count}} h',
      hours_other: '{{count}} h',
      days_one: '{{count}} day',
      days_other: '{{count}} days',
      dashboardRead: 'Read {{age}} ago.',
      dashboardStale:
        'Read {{age}} ago, before the Ray pods changed; reading it again.',
    },
    card: {
      title: 'Ray cluster',
      head: 'Head:',
      ready: '{{ready}}/{{desired}} ready',
      readyWithProblems: '{{ready}}/{{desired}} ready ({{problems}})',
      pending: '{{count}} pending',
      failing: '{{count}} failing',
      rayAddress: 'Ray address',
      rayDashboard: 'Ray dashboard',
      dashboardNodes_one: 'Ray {{version}}, {{count}} node alive.',
      dashboardNodes_other: 'Ray {{version}}, {{count}} nodes alive.',
      dashboardNodesUnknown: 'Ray {{version}}, nodes unknown.',
      dashboardAccess: 'Run {{command}} and open {{url}}.',
      moreDiagnoses: '{{count}} more on the Ray tab.',
    },
    tab: {
      health: 'Health',
      nothingToFix: 'Nothing to fix.',
      headService: 'Head Service',
      serviceAddress: '{{name}} ({{clusterIP}})',
      serviceNoClusterIP: '{{name}} (no cluster IP)',
      serviceMissing: '{{name}} does not exist yet',
      unnamedPort: 'port',
      operator: 'Operator {{name}}: {{available}}/{{desired}} available',
      group: '{{name}}: {{ready}}/{{desired}} ready',
      groupWithRange:
        '{{name}}: {{ready}}/{{desired}} ready, min {{min}}, max {{max}}',
      omittedPods_one:
        '{{count}} more pod not listed; problem pods come first.',
      omittedPods_other:
        '{{count}} more pods not listed; problem pods come first.',
      noPods: 'No pods yet.',
      noPodsThen: 'No pods then.',
      events: 'Recent warning events',
      noEvents: 'No warnings.',
      noEventsThen: 'No warnings then.',
      yes: 'yes',
      no: 'no',
      headNode: '{{name}} (head)',
      noDeathReason: 'Ray recorded no reason',
      deathWithAge: '{{reason}} ({{age}} ago)',
      columns: {
        pod: 'Pod',
        phase: 'Phase',
        status: 'Status',
        ready: 'Ready',
        restarts: 'Restarts',
        age: 'Age',
        node: 'Node',
        object: 'Object',
        reason: 'Reason',
        message: 'Message',
        count: 'Count',
        lastSeen: 'Last seen',
        rayNode: 'Ray node (pod)',
        ip: 'IP',
        state: 'State',
        cpu: 'CPU',
        memory: 'Memory',
        whyDied: 'Why it died',
        job: 'Job',
        started: 'Started',
      },
      dashboard: {
        title: 'Ray dashboard',
        unreachable:
          'The Ray dashboard is not reachable through the Kubernetes service proxy.',
        unreachableBecause:
          'The Ray dashboard is not reachable through the Kubernetes service proxy: {{error}}.',
        version: 'Ray {{version}}',
        usage: '{{resource}}: {{used}} of {{total}} in use',
        usageNotReported:
          'Ray reports no resource usage here (the autoscaler v2 does not publish it).',
        nodes: 'Ray nodes: {{alive}} alive, {{dead}} dead',
        omittedNodes_one:
          '{{count}} more node not listed; dead ones come first.',
        omittedNodes_other:
          '{{count}} more nodes not listed; dead ones come first.',
        jobs: 'Jobs',
      },
    },
  },
});

/** The `t` of {@link synthoRayTranslationRef}, for helpers that word values outside components. */
export type Translate = TranslationFunction<typeof synthoRayTranslationRef.T>;
