#!/usr/bin/env bash
# Starts the portal for local use: Backstage frontend (port 3000) and backend (port 7007) with SQLite in
# memory, guest sign-in, example entities and every template under templates/.
source "$(dirname "$0")/lib/bootstrap.sh"

log "starting the portal; open http://localhost:3000 once the frontend reports it is ready (Ctrl-C stops it)"
exec yarn start "$@"
