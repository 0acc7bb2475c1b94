import { StandInServer } from './http';

/** A merge request as the stand-in holds it. */
export interface StandInMergeRequest {
  iid: number;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description: string;
  labels: string[];
}

interface Project {
  path: string;
  defaultBranch: string;
  branches: Map<string, Map<string, string>>;
  mergeRequests: StandInMergeRequest[];
}

/**
 * A stand-in for the GitLab REST API v4 calls of `publish:gitlab:merge-request` (through gitbeaker):
 * project, repository tree, branches, commits with actions and merge requests, all in memory.
 */
export class GitLabStandIn extends StandInServer {
  private readonly projects = new Map<string, Project>();

  constructor() {
    super();
    const project = (id: string) => {
      const found = this.projects.get(decodeURIComponent(id));
      if (!found) throw new Error(`no project ${id}`);
      return found;
    };
    const webUrl = (p: Project, suffix = '') =>
      `https://gitlab.example.test/${p.path}${suffix}`;
    const notFound = { status: 404, body: { message: '404 Not found' } };

    this.route('GET', '/api/v4/projects/:id', ({ params }) => {
      const p = this.projects.get(decodeURIComponent(params.id));
      if (!p) return notFound;
      return {
        status: 200,
        body: {
          id: 1,
          path_with_namespace: p.path,
          default_branch: p.defaultBranch,
          web_url: webUrl(p),
        },
      };
    });
    this.route(
      'GET',
      '/api/v4/projects/:id/repository/tree',
      ({ params, query }) => {
        const p = project(params.id);
        const files = p.branches.get(query.get('ref') ?? p.defaultBranch);
        if (!files) return notFound;
        const prefix = query.get('path') ? `${query.get('path')}/` : '';
        const body = [...files.keys()]
          .filter(path => path.startsWith(prefix))
          .map(path => ({
            id: path,
            name: path.split('/').pop(),
            type: 'blob',
            path,
            mode: '100644',
          }));
        return {
          status: 200,
          body,
          headers: { 'x-total-pages': '1', 'x-page': '1', 'x-next-page': '' },
        };
      },
    );
    this.route(
      'GET',
      '/api/v4/projects/:id/repository/branches/:branch*',
      ({ params }) => {
        const p = project(params.id);
        if (!p.branches.has(params.branch)) return notFound;
        return {
          status: 200,
          body: {
            name: params.branch,
            web_url: webUrl(p, `/-/tree/${params.branch}`),
          },
        };
      },
    );
    this.route(
      'POST',
      '/api/v4/projects/:id/repository/branches',
      ({ params, body }) => {
        const p = project(params.id);
        const from = p.branches.get(body.ref);
        if (!from)
          return { status: 400, body: { message: 'Invalid reference name' } };
        p.branches.set(body.branch, new Map(from));
        return {
          status: 201,
          body: {
            name: body.branch,
            web_url: webUrl(p, `/-/tree/${body.branch}`),
          },
        };
      },
    );
    this.route(
      'POST',
      '/api/v4/projects/:id/repository/commits',
      ({ params, body }) => {
        const p = project(params.id);
        const files = p.branches.get(body.branch);
        if (!files)
          return {
            status: 400,
            body: {
              message:
                'You can only create or edit files when you are on a branch',
            },
          };
        for (const action of body.actions) {
          if (action.action === 'delete') files.delete(action.file_path);
          else
            files.set(
              action.file_path,
              Buffer.from(
                action.content,
                action.encoding === 'base64' ? 'base64' : 'utf8',
              ).toString('utf8'),
            );
        }
        return {
          status: 201,
          body: {
            id: `commit-${this.requests.length}`,
            title: body.commit_message,
          },
        };
      },
    );
    this.route('GET', '/api/v4/projects/:id/merge_requests', ({ params }) => ({
      status: 200,
      body: project(params.id).mergeRequests.map(mr => ({
        iid: mr.iid,
        web_url: webUrl(project(params.id), `/-/merge_requests/${mr.iid}`),
      })),
    }));
    this.route(
      'POST',
      '/api/v4/projects/:id/merge_requests',
      ({ params, body }) => {
        const p = project(params.id);
        const mergeRequest: StandInMergeRequest = {
          iid: p.mergeRequests.length + 1,
          sourceBranch: body.source_branch,
          targetBranch: body.target_branch,
          title: body.title,
          description: body.description,
          labels: Array.isArray(body.labels)
            ? body.labels
            : String(body.labels ?? '')
                .split(',')
                .filter(Boolean),
        };
        p.mergeRequests.push(mergeRequest);
        return {
          status: 201,
          body: {
            iid: mergeRequest.iid,
            web_url: webUrl(p, `/-/merge_requests/${mergeRequest.iid}`),
          },
        };
      },
    );
  }

  /** Creates a project (`group/name`) whose default branch holds `files`. */
  createProject(
    path: string,
    files: Record<string, string> = { 'README.md': '# GitOps\n' },
    defaultBranch = 'main',
  ) {
    this.projects.set(path, {
      path,
      defaultBranch,
      branches: new Map([[defaultBranch, new Map(Object.entries(files))]]),
      mergeRequests: [],
    });
  }

  /** A project, for assertions. */
  project(path: string): Project {
    const found = this.projects.get(path);
    if (!found) throw new Error(`no project ${path}`);
    return found;
  }
}
