import { createBackend } from '@backstage/backend-defaults';
import { permissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@syntho-ray/plugin-scaffolder-backend-module-syntho-ray'));
// Keeps a task's workspace in the scaffolder's database after each step, so that a request a restart
// interrupted resumes on any replica (scaffolder.taskRecovery in app-config.production.yaml).
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-workspace-database'),
);

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@syntho-ray/plugin-syntho-ray-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionPolicyModule);

backend.add(import('@backstage/plugin-user-settings-backend'));

// Signals push live updates to the browser; the events bus carries them (and catalog events).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
