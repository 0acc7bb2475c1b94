import { createHash } from 'node:crypto';
import { StandInServer } from './http';

/** A merge request as the stand-in holds it. */
export interface StandInMergeRequest {
  iid: number;
  state: 'opened' | 'closed' | 'merged';
  /** GitLab deletes the source branch when the merge request is merged. */
  removeSourceBranch: boolean;
  /** How many times its title, description or labels were edited. */
  updates: number;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description: string;
  labels: string[];
  /** Ids of the users asked to review, from `reviewer_ids`. */
  reviewerIds: number[];
  /** The project the source branch is in: another one for a fork's merge request. */
  sourceProjectId: number;
  /** The project it merges into (the one that lists it). */
  targetProjectId: number;
  /** The head of the source branch as the merge request last saw it (GitLab's `sha`). */
  sha: string;
}

interface Project {
  id: number;
  path: string;
  defaultBranch: string;
  branches: Map<string, Map<string, string>>;
  /** The head commit of each branch. */
  heads: Map<string, string>;
  /** Branches only a maintainer may delete, from the web interface. */
  protectedBranches: Set<string>;
  /** Merge requests into this project. */
  mergeRequests: StandInMergeRequest[];
}

/** GitLab takes labels as an array or as a comma-separated string. */
function labelList(labels: unknown): string[] {
  return Array.isArray(labels)
    ? labels
    : String(labels ?? '')
        .split(',')
        .filter(Boolean);
}

/** Git's object id of a file (what GitLab's repository tree answers as `id`). */
function gitBlobId(content: string) {
  const bytes = Buffer.from(content);
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** A commit id, derived from what the commit is on top of and what it writes. */
function commitId(...parts: unknown[]) {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

function webUrl(p: { path: string }, suffix = '') {
  return `https://gitlab.example.test/${p.path}${suffix}`;
}

function mergeRequestBody(
  p: { path: string },
  mr: StandInMergeRequest,
  users: Map<string, number>,
) {
  const usernames = new Map([...users].map(([name, id]) => [id, name]));
  return {
    iid: mr.iid,
    state: mr.state,
    project_id: mr.targetProjectId,
    source_project_id: mr.sourceProjectId,
    target_project_id: mr.targetProjectId,
    sha: mr.sha,
    source_branch: mr.sourceBranch,
    target_branch: mr.targetBranch,
    title: mr.title,
    web_url: webUrl(p, `/-/merge_requests/${mr.iid}`),
    reviewers: mr.reviewerIds.map(id => ({ id, username: usernames.get(id) })),
  };
}

/** GitLab answers at most this many items a page, whatever `per_page` asks for. */
const MAX_PER_PAGE = 100;

/**
 * One page of `items` as GitLab's offset pagination answers a list at `url`: `page` (default 1)
 * and `per_page` (default 20, at most 100) from its query, with the `x-page`, `x-per-page`,
 * `x-total`, `x-total-pages`, `x-next-page` and `x-prev-page` headers (empty where there is no such
 * page) and a `Link` header with `rel="next"`, `"prev"`, `"first"` and `"last"`. Follows
 * docs.gitlab.com/api/rest/#pagination (Offset-based pagination, Pagination Link header, Other
 * pagination headers). @upstream gitlab-pagination
 */
function offsetPage(items: unknown[], url: URL) {
  const query = url.searchParams;
  const perPage = Math.min(
    Math.max(Number(query.get('per_page')) || 20, 1),
    MAX_PER_PAGE,
  );
  const page = Math.max(Number(query.get('page')) || 1, 1);
  const totalPages = Math.max(Math.ceil(items.length / perPage), 1);
  const pageUrl = (n: number) => {
    const link = new URL(url);
    link.searchParams.set('page', String(n));
    link.searchParams.set('per_page', String(perPage));
    return link.toString();
  };
  const links = [
    ...(page > 1 ? [[page - 1, 'prev']] : []),
    ...(page < totalPages ? [[page + 1, 'next']] : []),
    [1, 'first'],
    [totalPages, 'last'],
  ].map(([n, rel]) => `<${pageUrl(n as number)}>; rel="${rel}"`);
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-total': String(items.length),
      'x-total-pages': String(totalPages),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      link: links.join(', '),
    },
  };
}

/**
 * A stand-in for the GitLab REST API v4 calls of `publish:gitlab:merge-request` and
 * `gitlab:repo:push` (through gitbeaker) and of `syntho:rayCluster:findMergeRequest`,
 * `syntho:rayCluster:updateMergeRequest` and `syntho:rayCluster:deleteStaleBranch`: project,
 * repository tree, branches (with their head commits and protection), commits with actions, merge
 * requests (with their source and target projects and head `sha`, so forks can be told apart) and
 * user lookups, all in memory. @upstream gitlab-merge-request-fields
 */
export class GitLabStandIn extends StandInServer {
  private readonly projects = new Map<string, Project>();
  /** GitLab users by username, with their ids. */
  readonly users = new Map<string, number>();
  private lastProjectId = 10;

  constructor() {
    super();
    /** GitLab takes a project's path or its numeric id. */
    const byPathOrId = (id: string) =>
      this.projects.get(decodeURIComponent(id)) ??
      [...this.projects.values()].find(p => String(p.id) === id);
    const project = (id: string) => {
      const found = byPathOrId(id);
      if (!found) throw new Error(`no project ${id}`);
      return found;
    };
    const notFound = { status: 404, body: { message: '404 Not found' } };

    this.route('GET', '/api/v4/users', ({ query }) => ({
      status: 200,
      body: [...this.users.entries()]
        .filter(([username]) => username === query.get('username'))
        .map(([username, id]) => ({ id, username, state: 'active' })),
    }));
    this.route('GET', '/api/v4/projects/:id', ({ params }) => {
      const p = byPathOrId(params.id);
      if (!p) return notFound;
      return {
        status: 200,
        body: {
          id: p.id,
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
        const body = [...files.entries()]
          .filter(([path]) => path.startsWith(prefix))
          .map(([path, content]) => ({
            id: gitBlobId(content),
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
            protected: p.protectedBranches.has(params.branch),
            default: params.branch === p.defaultBranch,
            commit: { id: p.heads.get(params.branch) },
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
        if (p.branches.has(body.branch))
          return { status: 400, body: { message: 'Branch already exists' } };
        p.branches.set(body.branch, new Map(from));
        p.heads.set(body.branch, p.heads.get(body.ref)!);
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
      'DELETE',
      '/api/v4/projects/:id/repository/branches/:branch*',
      ({ params }) => {
        const p = project(params.id);
        if (!p.branches.has(params.branch)) return notFound;
        // "Delete repository branch" (docs.gitlab.com/ee/api/branches.html#delete-repository-branch):
        // Branches::DeleteService refuses the default branch and, through the Git access checks of
        // lib/gitlab/checks/branch_check.rb, a protected branch for a token without maintainer
        // rights; the API answers 400 with the check's message, and the branch stays.
        // @upstream gitlab-protected-branch-delete
        if (params.branch === p.defaultBranch)
          return {
            status: 400,
            body: {
              message: 'The default branch of a project cannot be deleted.',
            },
          };
        if (p.protectedBranches.has(params.branch))
          return {
            status: 400,
            body: {
              message:
                'You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch.',
            },
          };
        p.branches.delete(params.branch);
        p.heads.delete(params.branch);
        return { status: 204 };
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
        const id = this.moveHead(p, body.branch, body.actions);
        return { status: 201, body: { id, title: body.commit_message } };
      },
    );
    this.route(
      'GET',
      '/api/v4/projects/:id/merge_requests',
      ({ params, query }) => {
        const p = project(params.id);
        const state = query.get('state');
        const sourceBranch = query.get('source_branch');
        return offsetPage(
          // Newest first, as GitLab orders them by default.
          [...p.mergeRequests]
            .reverse()
            .filter(
              mr =>
                (!state || state === 'all' || mr.state === state) &&
                (!sourceBranch || mr.sourceBranch === sourceBranch),
            )
            .map(mr => mergeRequestBody(p, mr, this.users)),
          new URL(
            `${this.baseUrl}/api/v4/projects/${encodeURIComponent(
              params.id,
            )}/merge_requests?${query}`,
          ),
        );
      },
    );
    this.route(
      'POST',
      '/api/v4/projects/:id/merge_requests',
      ({ params, body }) => {
        const source = project(params.id);
        // A fork opens its merge request into the project it was forked from; a second open one from
        // the same source branch is refused. @upstream gitlab-create-merge-request
        const p =
          body.target_project_id === undefined
            ? source
            : project(String(body.target_project_id));
        const open = p.mergeRequests.find(
          mr =>
            mr.state === 'opened' &&
            mr.sourceProjectId === source.id &&
            mr.sourceBranch === body.source_branch,
        );
        if (open)
          return {
            status: 409,
            body: {
              message: [
                `Another open merge request already exists for this source branch: !${open.iid}`,
              ],
            },
          };
        const mergeRequest: StandInMergeRequest = {
          iid: p.mergeRequests.length + 1,
          state: 'opened',
          removeSourceBranch: body.remove_source_branch === true,
          updates: 0,
          sourceBranch: body.source_branch,
          targetBranch: body.target_branch,
          title: body.title,
          description: body.description,
          labels: labelList(body.labels),
          reviewerIds: body.reviewer_ids ?? [],
          sourceProjectId: source.id,
          targetProjectId: p.id,
          sha: source.heads.get(body.source_branch)!,
        };
        p.mergeRequests.push(mergeRequest);
        return {
          status: 201,
          body: mergeRequestBody(p, mergeRequest, this.users),
        };
      },
    );
    this.route(
      'GET',
      '/api/v4/projects/:id/merge_requests/:iid',
      ({ params }) => {
        const p = project(params.id);
        const mr = p.mergeRequests.find(m => m.iid === Number(params.iid));
        if (!mr) return notFound;
        return { status: 200, body: mergeRequestBody(p, mr, this.users) };
      },
    );
    this.route(
      'PUT',
      '/api/v4/projects/:id/merge_requests/:iid',
      ({ params, body }) => {
        const p = project(params.id);
        const mr = p.mergeRequests.find(m => m.iid === Number(params.iid));
        if (!mr) return notFound;
        if (body.title !== undefined) mr.title = body.title;
        if (body.description !== undefined) mr.description = body.description;
        // labels replaces the set; add_labels and remove_labels then change what is there
        // (IssuableBaseService#process_label_ids). @upstream gitlab-update-merge-request-labels
        if (body.labels !== undefined) mr.labels = labelList(body.labels);
        if (body.add_labels !== undefined)
          mr.labels = [
            ...new Set([...mr.labels, ...labelList(body.add_labels)]),
          ];
        if (body.remove_labels !== undefined) {
          const removed = new Set(labelList(body.remove_labels));
          mr.labels = mr.labels.filter(label => !removed.has(label));
        }
        // Replaces the reviewers, as GitLab does.
        if (body.reviewer_ids !== undefined) mr.reviewerIds = body.reviewer_ids;
        mr.updates += 1;
        return { status: 200, body: mergeRequestBody(p, mr, this.users) };
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
      // Ids stay unique across re-creations, as GitLab's do.
      id: (this.lastProjectId += 1),
      path,
      defaultBranch,
      branches: new Map([[defaultBranch, new Map(Object.entries(files))]]),
      heads: new Map([[defaultBranch, commitId(path, files)]]),
      protectedBranches: new Set(),
      mergeRequests: [],
    });
  }

  /** A new head for `branch` after a commit, which open merge requests from it follow. */
  private moveHead(p: Project, branch: string, change: unknown) {
    const id = commitId(p.heads.get(branch), change);
    p.heads.set(branch, id);
    for (const target of this.projects.values())
      for (const mr of target.mergeRequests)
        if (
          mr.state === 'opened' &&
          mr.sourceProjectId === p.id &&
          mr.sourceBranch === branch
        )
          mr.sha = id;
    return id;
  }

  /** Forks `path` as `forkPath` with all its branches, as anyone who may read it can. */
  fork(path: string, forkPath: string) {
    const source = this.project(path);
    this.createProject(forkPath, {}, source.defaultBranch);
    const fork = this.project(forkPath);
    for (const [branch, files] of source.branches) {
      fork.branches.set(branch, new Map(files));
      fork.heads.set(branch, source.heads.get(branch)!);
    }
  }

  /** Someone pushes `files` to `branch` of `path` (creating it from the default branch if needed). */
  push(path: string, branch: string, files: Record<string, string>) {
    const p = this.project(path);
    if (!p.branches.has(branch)) {
      p.branches.set(branch, new Map(p.branches.get(p.defaultBranch)));
      p.heads.set(branch, p.heads.get(p.defaultBranch)!);
    }
    for (const [file, content] of Object.entries(files))
      p.branches.get(branch)!.set(file, content);
    this.moveHead(p, branch, files);
  }

  /** Protects a branch of `path`, as a maintainer does in the project's settings. */
  protectBranch(path: string, branch: string) {
    this.project(path).protectedBranches.add(branch);
  }

  /** Opens a merge request from `branch` of `sourcePath` (a fork, say) into `targetPath`. */
  openMergeRequest(
    sourcePath: string,
    branch: string,
    targetPath: string,
    title: string,
  ): StandInMergeRequest {
    const source = this.project(sourcePath);
    const target = this.project(targetPath);
    const mergeRequest: StandInMergeRequest = {
      iid: target.mergeRequests.length + 1,
      state: 'opened',
      removeSourceBranch: false,
      updates: 0,
      sourceBranch: branch,
      targetBranch: target.defaultBranch,
      title,
      description: '',
      labels: [],
      reviewerIds: [],
      sourceProjectId: source.id,
      targetProjectId: target.id,
      sha: source.heads.get(branch)!,
    };
    target.mergeRequests.push(mergeRequest);
    return mergeRequest;
  }

  /**
   * Merges a merge request as a reviewer would: its branch's files land on the target branch, and
   * the source branch is deleted when the merge request asked for it.
   */
  merge(path: string, iid: number) {
    const p = this.project(path);
    const mr = p.mergeRequests.find(m => m.iid === iid);
    const source = mr && p.branches.get(mr.sourceBranch);
    if (!mr || !source || mr.state !== 'opened')
      throw new Error(`no open merge request !${iid} with a branch in ${path}`);
    p.branches.set(mr.targetBranch, new Map(source));
    this.moveHead(p, mr.targetBranch, { merge: iid });
    mr.state = 'merged';
    if (mr.removeSourceBranch) {
      p.branches.delete(mr.sourceBranch);
      p.heads.delete(mr.sourceBranch);
    }
  }

  /** Closes a merge request without merging it, as a reviewer who turns it down does. */
  close(path: string, iid: number) {
    const mr = this.project(path).mergeRequests.find(m => m.iid === iid);
    if (mr?.state !== 'opened')
      throw new Error(`no open merge request !${iid} in ${path}`);
    mr.state = 'closed';
  }

  /** A project, for assertions. */
  project(path: string): Project {
    const found = this.projects.get(path);
    if (!found) throw new Error(`no project ${path}`);
    return found;
  }
}
