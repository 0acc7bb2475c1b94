import { createHash } from 'node:crypto';
import { StandInServer } from './http';
import { pullRequestPage } from './githubPullRequestPage';

/** Thrown by route handlers for a repository, pull request or file that does not exist. */
class NotFound extends Error {}

/** Thrown by route handlers for a write the token may not make (GitHub answers 403). */
class Forbidden extends Error {}

/** Thrown by route handlers for a request GitHub refuses with 422 and this message. */
class Unprocessable extends Error {
  constructor(message: string, readonly documentationUrl: string) {
    super(message);
  }
}

type TreeEntries = Map<string, { mode: string; sha: string }>;

interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

/** A pull request as the stand-in holds it. */
export interface StandInPullRequest {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** The login that opened it: the token's user, whom GitHub refuses as a reviewer. */
  author: string;
  reviewers: string[];
  teamReviewers: string[];
  labels: string[];
  updates: number;
}

/** GitHub's documentation page of an endpoint, as its error answers name it. */
const DOCS = 'https://docs.github.com/rest';

function sha(...parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

/** One repository: blobs, flat trees, commits and branches, all in memory. */
class Repository {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntries>();
  readonly commits = new Map<string, Commit>();
  readonly branches = new Map<string, string>();
  readonly pulls: StandInPullRequest[] = [];
  /** Users who may be asked to review (collaborators), and teams with access to the repository. */
  readonly collaborators = new Set<string>();
  readonly teams = new Set<string>();
  /** Whether the token may push: GitHub's `permissions.push` on the repository. */
  pushAllowed = true;

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string,
    files: Record<string, string>,
  ) {
    const entries: TreeEntries = new Map();
    for (const [path, content] of Object.entries(files)) {
      entries.set(path, {
        mode: '100644',
        sha: this.addBlob(Buffer.from(content)),
      });
    }
    const tree = this.addTree(entries);
    const commit: Commit = {
      sha: sha('commit', tree, 'initial'),
      tree,
      parents: [],
      message: 'Initial commit',
    };
    this.commits.set(commit.sha, commit);
    this.branches.set(defaultBranch, commit.sha);
  }

  addBlob(content: Buffer) {
    const id = sha('blob', content.toString('base64'));
    this.blobs.set(id, content);
    return id;
  }

  addTree(entries: TreeEntries) {
    const id = sha('tree', [...entries.entries()].sort());
    this.trees.set(id, entries);
    return id;
  }

  /** Files on a branch (or at a commit), as text. */
  files(ref: string): Record<string, string> {
    const commit = this.commits.get(this.branches.get(ref) ?? ref);
    if (!commit) return {};
    const entries = this.trees.get(commit.tree)!;
    return Object.fromEntries(
      [...entries.entries()].map(([path, entry]) => [
        path,
        this.blobs.get(entry.sha)!.toString('utf8'),
      ]),
    );
  }
}

/**
 * A stand-in for the GitHub REST and GraphQL endpoints that the scaffolder's built-in GitHub actions
 * call (`publish:github:pull-request` through octokit-plugin-create-pull-request, `github:issues:label`)
 * and the catalog's URL reader, speaking GitHub's JSON so octokit runs unchanged.
 */
export class GitHubStandIn extends StandInServer {
  private readonly repositories = new Map<string, Repository>();
  /** The user the integration's token belongs to: the author of every pull request it opens. */
  readonly login = 'syntho-ray-bot';
  /**
   * Where pull requests' `html_url`s point: github.com by default; the simulated GitOps host sets
   * its own address, so a pull request's link opens the stand-in's read-only page of it.
   */
  webBaseUrl = 'https://github.com';

  constructor() {
    super();
    const repo = (params: Record<string, string>) => {
      const found = this.repositories.get(`${params.owner}/${params.repo}`);
      if (!found) throw new NotFound();
      return found;
    };
    // A token that may only read gets GitHub's 403 on every write to the repository.
    const writable = (params: Record<string, string>) => {
      const found = repo(params);
      if (!found.pushAllowed) throw new Forbidden();
      return found;
    };
    const wrap =
      (
        handler: (
          params: Record<string, string>,
          body: any,
          query: URLSearchParams,
        ) => any,
        status = 200,
      ) =>
      async ({
        params,
        body,
        query,
      }: {
        params: Record<string, string>;
        body: any;
        query: URLSearchParams;
      }) => {
        try {
          return { status, body: await handler(params, body, query) };
        } catch (error) {
          if (error instanceof NotFound)
            return {
              status: 404,
              body: { message: error.message || 'Not Found' },
            };
          if (error instanceof Forbidden)
            return {
              status: 403,
              body: {
                message: 'Resource not accessible by integration',
                documentation_url: DOCS,
                status: '403',
              },
            };
          if (error instanceof Unprocessable)
            return {
              status: 422,
              body: {
                message: error.message,
                documentation_url: error.documentationUrl,
                status: '422',
              },
            };
          throw error;
        }
      };
    const pullJson = (r: Repository, pull: StandInPullRequest) => ({
      number: pull.number,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      html_url: `${this.webBaseUrl}/${r.owner}/${r.name}/pull/${pull.number}`,
      head: { ref: pull.head },
      base: { ref: pull.base },
      draft: false,
    });

    this.route(
      'GET',
      '/repos/:owner/:repo',
      wrap(params => {
        const r = repo(params);
        return {
          id: 1,
          name: r.name,
          full_name: `${r.owner}/${r.name}`,
          owner: { login: r.owner },
          default_branch: r.defaultBranch,
          html_url: `${this.webBaseUrl}/${r.owner}/${r.name}`,
          permissions: {
            admin: false,
            maintain: false,
            push: r.pushAllowed,
            triage: true,
            pull: true,
          },
        };
      }),
    );
    this.route(
      'GET',
      '/repos/:owner/:repo/commits',
      wrap((params, _, query) => {
        const r = repo(params);
        const head = r.branches.get(query.get('sha') ?? r.defaultBranch);
        if (!head) throw new NotFound();
        const commit = r.commits.get(head)!;
        return [
          {
            sha: commit.sha,
            commit: { message: commit.message, tree: { sha: commit.tree } },
          },
        ];
      }),
    );
    this.route(
      'POST',
      '/repos/:owner/:repo/git/blobs',
      wrap((params, body) => {
        const id = writable(params).addBlob(
          Buffer.from(
            body.content,
            body.encoding === 'base64' ? 'base64' : 'utf8',
          ),
        );
        return {
          sha: id,
          url: `/repos/${params.owner}/${params.repo}/git/blobs/${id}`,
        };
      }, 201),
    );
    this.route(
      'POST',
      '/repos/:owner/:repo/git/trees',
      wrap((params, body) => {
        const r = writable(params);
        const entries: TreeEntries = new Map(
          body.base_tree ? r.trees.get(body.base_tree) : [],
        );
        for (const item of body.tree) {
          if (item.sha === null) entries.delete(item.path);
          else
            entries.set(item.path, {
              mode: item.mode,
              sha: item.sha ?? r.addBlob(Buffer.from(item.content)),
            });
        }
        return { sha: r.addTree(entries), truncated: false };
      }, 201),
    );
    this.route(
      'POST',
      '/repos/:owner/:repo/git/commits',
      wrap((params, body) => {
        const r = writable(params);
        const commit: Commit = {
          sha: sha(
            'commit',
            body.tree,
            body.parents,
            body.message,
            r.commits.size,
          ),
          tree: body.tree,
          parents: body.parents,
          message: body.message,
        };
        r.commits.set(commit.sha, commit);
        return {
          sha: commit.sha,
          tree: { sha: commit.tree },
          parents: commit.parents.map(p => ({ sha: p })),
          message: commit.message,
        };
      }, 201),
    );
    this.route(
      'POST',
      '/graphql',
      wrap((_, body) => {
        const { owner, repo: name, head } = body.variables;
        const r = this.repositories.get(`${owner}/${name}`);
        if (!r || !r.branches.has(head))
          return { data: { repository: { ref: null } } };
        const open = r.pulls.find(p => p.head === head && p.state === 'open');
        return {
          data: {
            repository: {
              ref: {
                associatedPullRequests: {
                  edges: open
                    ? [
                        {
                          node: {
                            id: `PR_${open.number}`,
                            number: open.number,
                            url: pullJson(r, open).html_url,
                          },
                        },
                      ]
                    : [],
                },
              },
            },
          },
        };
      }),
    );
    this.route(
      'POST',
      '/repos/:owner/:repo/git/refs',
      wrap((params, body) => {
        const r = writable(params);
        const branch = String(body.ref).replace(/^refs\/heads\//, '');
        // "Create a reference" (docs.github.com/rest/git/refs#create-a-reference): a ref that
        // exists is a 422 "Reference already exists", never a second 201. @upstream github-create-ref
        if (r.branches.has(branch))
          throw new Unprocessable(
            'Reference already exists',
            `${DOCS}/git/refs#create-a-reference`,
          );
        r.branches.set(branch, body.sha);
        return { ref: body.ref, object: { sha: body.sha, type: 'commit' } };
      }, 201),
    );
    this.route(
      'PATCH',
      '/repos/:owner/:repo/git/refs/:ref*',
      wrap((params, body) => {
        const r = writable(params);
        r.branches.set(params.ref.replace(/^heads\//, ''), body.sha);
        return {
          ref: `refs/${params.ref}`,
          object: { sha: body.sha, type: 'commit' },
        };
      }),
    );
    this.route(
      'POST',
      '/repos/:owner/:repo/pulls',
      wrap((params, body) => {
        const r = writable(params);
        const pull: StandInPullRequest = {
          number: r.pulls.length + 1,
          head: String(body.head).replace(/^[^:]+:/, ''),
          base: body.base,
          title: body.title,
          body: body.body,
          state: 'open',
          author: this.login,
          reviewers: [],
          teamReviewers: [],
          labels: [],
          updates: 0,
        };
        r.pulls.push(pull);
        return pullJson(r, pull);
      }, 201),
    );
    const findPull = (params: Record<string, string>) => {
      const r = repo(params);
      const pull = r.pulls.find(p => p.number === Number(params.number));
      if (!pull) throw new NotFound();
      return { r, pull };
    };
    // "Get a pull request" (docs.github.com/rest/pulls/pulls#get-a-pull-request), as
    // syntho:rayCluster:checkReviewers reads its text before adding a note. @upstream github-pull-request
    this.route(
      'GET',
      '/repos/:owner/:repo/pulls/:number',
      wrap(params => {
        const { r, pull } = findPull(params);
        return pullJson(r, pull);
      }),
    );
    this.route(
      'PATCH',
      '/repos/:owner/:repo/pulls/:number',
      wrap((params, body) => {
        const { r, pull } = findPull(params);
        Object.assign(pull, {
          title: body.title ?? pull.title,
          body: body.body ?? pull.body,
          updates: pull.updates + 1,
        });
        return pullJson(r, pull);
      }),
    );
    this.route(
      'POST',
      '/repos/:owner/:repo/pulls/:number/requested_reviewers',
      wrap((params, body) => {
        const { r, pull } = findPull(params);
        const users: string[] = body.reviewers ?? [];
        const teams: string[] = body.team_reviewers ?? [];
        // "Request reviewers for a pull request"
        // (docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request): GitHub
        // refuses the whole request, adding nobody, when one user is the author or not a
        // collaborator, or one team has no access to the repository. @upstream github-request-reviewers
        const documentationUrl = `${DOCS}/pulls/review-requests#request-reviewers-for-a-pull-request`;
        if (users.includes(pull.author))
          throw new Unprocessable(
            'Review cannot be requested from pull request author.',
            documentationUrl,
          );
        if (
          users.some(login => !r.collaborators.has(login)) ||
          teams.some(slug => !r.teams.has(slug))
        )
          throw new Unprocessable(
            `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${r.owner}/${r.name} repository.`,
            documentationUrl,
          );
        pull.reviewers = [...new Set([...pull.reviewers, ...users])];
        pull.teamReviewers = [...new Set([...pull.teamReviewers, ...teams])];
        return {
          ...pullJson(r, pull),
          requested_reviewers: pull.reviewers.map(login => ({ login })),
          requested_teams: pull.teamReviewers.map(slug => ({ slug })),
        };
      }, 201),
    );
    // "Get all requested reviewers for a pull request" (docs.github.com/rest/pulls/review-requests):
    // who is asked and has not reviewed yet. @upstream github-requested-reviewers
    this.route(
      'GET',
      '/repos/:owner/:repo/pulls/:number/requested_reviewers',
      wrap(params => {
        const { pull } = findPull(params);
        return {
          users: pull.reviewers.map(login => ({ login, type: 'User' })),
          teams: pull.teamReviewers.map(slug => ({ slug, name: slug })),
        };
      }),
    );
    // "List reviews for a pull request" (docs.github.com/rest/pulls/reviews): nobody reviews here.
    // @upstream github-list-reviews
    this.route(
      'GET',
      '/repos/:owner/:repo/pulls/:number/reviews',
      wrap(params => {
        findPull(params);
        return [];
      }),
    );
    // "Get a reference" (docs.github.com/rest/git/refs#get-a-reference): 404 for a branch that
    // does not exist. @upstream github-get-ref
    this.route(
      'GET',
      '/repos/:owner/:repo/git/ref/:ref*',
      wrap(params => {
        const r = repo(params);
        const head = r.branches.get(params.ref.replace(/^heads\//, ''));
        if (!head) throw new NotFound();
        return {
          ref: `refs/${params.ref}`,
          object: { sha: head, type: 'commit' },
        };
      }),
    );
    // "Compare two commits" (docs.github.com/rest/commits/commits#compare-two-commits): the
    // commits of head that base lacks (ahead_by) and the other way round (behind_by); 404 for a
    // branch that does not exist. @upstream github-compare
    this.route(
      'GET',
      '/repos/:owner/:repo/compare/:basehead*',
      wrap(params => {
        const r = repo(params);
        const [base, head] = params.basehead.split('...');
        const baseSha = r.branches.get(base) ?? (r.commits.has(base) && base);
        const headSha = r.branches.get(head) ?? (r.commits.has(head) && head);
        if (!baseSha || !headSha) throw new NotFound();
        const ancestors = (from: string) => {
          const seen = new Set<string>();
          const queue = [from];
          while (queue.length > 0) {
            const next = queue.pop()!;
            if (seen.has(next)) continue;
            seen.add(next);
            queue.push(...(r.commits.get(next)?.parents ?? []));
          }
          return seen;
        };
        const ofBase = ancestors(baseSha);
        const ofHead = ancestors(headSha);
        if (![...ofHead].some(c => ofBase.has(c)))
          throw new NotFound(`No common ancestor between ${base} and ${head}.`);
        const ahead = [...ofHead].filter(c => !ofBase.has(c));
        const behind = [...ofBase].filter(c => !ofHead.has(c));
        let status = 'diverged';
        if (ahead.length === 0 && behind.length === 0) status = 'identical';
        else if (behind.length === 0) status = 'ahead';
        else if (ahead.length === 0) status = 'behind';
        return {
          status,
          ahead_by: ahead.length,
          behind_by: behind.length,
          total_commits: ahead.length,
          commits: ahead.map(c => ({
            sha: c,
            commit: { message: r.commits.get(c)!.message },
            parents: r.commits.get(c)!.parents.map(p => ({ sha: p })),
          })),
        };
      }),
    );
    /** A label as GitHub's issue label endpoints answer it. */
    const labelJson = (r: Repository, name: string) => ({
      id: Number.parseInt(sha('label', name).slice(0, 8), 16),
      name,
      url: `${this.baseUrl}/repos/${r.owner}/${
        r.name
      }/labels/${encodeURIComponent(name)}`,
      color: 'ededed',
      default: false,
      description: null,
    });
    // "Add labels to an issue" (docs.github.com/rest/issues/labels): a pull request's labels are its
    // issue's. @upstream github-add-labels
    this.route(
      'POST',
      '/repos/:owner/:repo/issues/:number/labels',
      wrap((params, body) => {
        const { r, pull } = findPull(params);
        pull.labels = [...new Set([...pull.labels, ...body.labels])];
        return pull.labels.map(name => labelJson(r, name));
      }),
    );
    // "List labels for an issue" (docs.github.com/rest/issues/labels#list-labels-for-an-issue).
    // @upstream github-list-issue-labels
    this.route(
      'GET',
      '/repos/:owner/:repo/issues/:number/labels',
      wrap(params => {
        const { r, pull } = findPull(params);
        return pull.labels.map(name => labelJson(r, name));
      }),
    );
    // "Get repository content" (docs.github.com/rest/repos/contents#get-repository-content): the
    // raw media type (application/vnd.github.raw, or .v3.raw as Backstage's GithubUrlReader asks
    // in @backstage/backend-defaults) answers the file's bytes; anything else the JSON envelope.
    // @upstream github-repository-content
    this.route(
      'GET',
      '/repos/:owner/:repo/contents/:path*',
      ({ params, query, headers }) => {
        const r = this.repositories.get(`${params.owner}/${params.repo}`);
        const content = r?.files(query.get('ref') ?? r.defaultBranch)[
          params.path
        ];
        if (content === undefined)
          return {
            status: 404,
            body: { message: 'Not Found', documentation_url: DOCS },
          };
        if (/application\/vnd\.github(\.v3)?\.raw\b/.test(headers.accept ?? ''))
          return {
            status: 200,
            raw: Buffer.from(content),
            headers: {
              'content-type': 'application/vnd.github.raw; charset=utf-8',
            },
          };
        return {
          status: 200,
          body: {
            type: 'file',
            encoding: 'base64',
            name: params.path.split('/').pop(),
            path: params.path,
            content: Buffer.from(content).toString('base64'),
            sha: sha(content),
          },
        };
      },
    );
    // The read-only page a pull request's html_url opens (the simulated GitOps host's only HTML).
    this.route('GET', '/:owner/:repo/pull/:number', ({ params }) => {
      const r = this.repositories.get(`${params.owner}/${params.repo}`);
      const pull = r?.pulls.find(p => String(p.number) === params.number);
      const headers = {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'none'; style-src 'unsafe-inline'",
      };
      if (!r || !pull)
        return {
          status: 404,
          raw: Buffer.from(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>No such pull request</h1></main></body></html>',
          ),
          headers,
        };
      const base = r.files(pull.base);
      return {
        status: 200,
        raw: Buffer.from(
          pullRequestPage({
            ...pull,
            repository: `${r.owner}/${r.name}`,
            files: Object.entries(
              this.pullRequestFiles(r.owner, r.name, pull.number),
            )
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([path, after]) => ({ path, before: base[path], after })),
          }),
        ),
        headers,
      };
    });
  }

  /** Creates a repository whose default branch holds `files`. */
  createRepository(
    owner: string,
    name: string,
    files: Record<string, string> = { 'README.md': '# GitOps\n' },
    defaultBranch = 'main',
  ) {
    this.repositories.set(
      `${owner}/${name}`,
      new Repository(owner, name, defaultBranch, files),
    );
  }

  /** Makes `logins` collaborators of a repository, whom a pull request may ask to review. */
  addCollaborators(owner: string, name: string, ...logins: string[]) {
    const r = this.repository(owner, name);
    for (const login of logins) r.collaborators.add(login);
  }

  /** Lets the token read a repository but not push to it, as a read-only collaborator's would. */
  denyPush(owner: string, name: string) {
    this.repository(owner, name).pushAllowed = false;
  }

  /** Gives `slugs` (teams of the owner's organization) access to a repository. */
  grantTeams(owner: string, name: string, ...slugs: string[]) {
    const r = this.repository(owner, name);
    for (const slug of slugs) r.teams.add(slug);
  }

  /** A repository, for assertions. */
  repository(owner: string, name: string): Repository {
    const found = this.repositories.get(`${owner}/${name}`);
    if (!found) throw new Error(`no repository ${owner}/${name}`);
    return found;
  }

  /** Merges a pull request as a reviewer would: its base branch moves to its head; the head stays. */
  merge(owner: string, name: string, number: number) {
    const r = this.repository(owner, name);
    const pull = r.pulls.find(p => p.number === number && p.state === 'open');
    const head = pull && r.branches.get(pull.head);
    if (!pull || !head) throw new Error(`no open pull request #${number}`);
    r.branches.set(pull.base, head);
    pull.state = 'closed';
  }

  /** Pushes a commit (same files) onto a branch, as a reviewer who fixes a pull request does. */
  pushCommit(owner: string, name: string, branch: string, message: string) {
    const r = this.repository(owner, name);
    const parent = r.commits.get(r.branches.get(branch) ?? '');
    if (!parent) throw new Error(`no branch ${branch}`);
    const commit: Commit = {
      sha: sha('commit', parent.tree, [parent.sha], message, r.commits.size),
      tree: parent.tree,
      parents: [parent.sha],
      message,
    };
    r.commits.set(commit.sha, commit);
    r.branches.set(branch, commit.sha);
  }

  /** Points `branch` back at the default branch's head, as `git reset --hard` and a force-push do. */
  resetBranchToDefault(owner: string, name: string, branch: string) {
    const r = this.repository(owner, name);
    r.branches.set(branch, r.branches.get(r.defaultBranch)!);
  }

  /**
   * Points `branch` at a commit of its own with no parent, as `git push` of an unrelated history
   * (`git checkout --orphan`) does.
   */
  pushUnrelatedHistory(
    owner: string,
    name: string,
    branch: string,
    message: string,
  ) {
    const r = this.repository(owner, name);
    const base = r.commits.get(r.branches.get(r.defaultBranch) ?? '');
    if (!base) throw new Error(`no default branch in ${owner}/${name}`);
    const commit: Commit = {
      sha: sha('commit', base.tree, [], message, r.commits.size),
      tree: base.tree,
      parents: [],
      message,
    };
    r.commits.set(commit.sha, commit);
    r.branches.set(branch, commit.sha);
  }

  /** Closes a pull request without merging it, as a reviewer who turns it down does. */
  close(owner: string, name: string, number: number) {
    const pull = this.repository(owner, name).pulls.find(
      p => p.number === number && p.state === 'open',
    );
    if (!pull) throw new Error(`no open pull request #${number}`);
    pull.state = 'closed';
  }

  /** Files a pull request adds or changes, relative to its base branch. */
  pullRequestFiles(
    owner: string,
    name: string,
    number: number,
  ): Record<string, string> {
    const r = this.repository(owner, name);
    const pull = r.pulls.find(p => p.number === number);
    if (!pull) throw new Error(`no pull request #${number}`);
    const base = r.files(pull.base);
    return Object.fromEntries(
      Object.entries(r.files(pull.head)).filter(
        ([path, content]) => base[path] !== content,
      ),
    );
  }
}
