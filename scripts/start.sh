#!/usr/bin/env bash
# Starts the portal for local use: Backstage frontend (port 3000) and backend (port 7007) with SQLite in
# memory, guest sign-in, example entities and every template under templates/.
source "$(dirname "$0")/lib/bootstrap.sh"

# The entity page of the example Ray cluster reads a simulated Kubernetes API on :7081
# (test/src/simulate); `curl -X POST http://127.0.0.1:7081/_control/scenario/<name>` scripts a failure.
# The template opens its pull requests on a simulated GitOps host (a GitHub stand-in) on :7082, unless
# SYNTHO_RAY_GITOPS_REPO_URL names a real repository (README, "GitHub or GitLab").
log "starting the simulated Kubernetes cluster on http://127.0.0.1:7081 and GitOps host on http://127.0.0.1:7082"
yarn workspace @internal/syntho-ray-test simulate &
simulated_cluster=$!
trap 'kill "$simulated_cluster" 2>/dev/null' EXIT

log "starting the portal; open http://localhost:3000 once the frontend reports it is ready (Ctrl-C stops it)"
# app-config.development.yaml holds everything above (production never loads it); arguments are passed on.
yarn start --config "$REPO_ROOT/app-config.yaml" --config "$REPO_ROOT/app-config.development.yaml" "$@"
