#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into a fresh, empty database and a media folder.
#
#   createdb -h host -U user rheine_restored
#   scripts/restore.sh /srv/backups/rheine-STAMP.dump /srv/backups/rheine-STAMP-media.tar.gz \
#     postgres://user@host:5432/rheine_restored /srv/rheine/private-media
#
# Then point DATABASE_URL and PRIVATE_MEDIA_ROOT at them (and use the same FIELD_ENCRYPTION_KEY).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg_bin.sh

dump=${1:?usage: scripts/restore.sh DUMP MEDIA_TAR TARGET_DATABASE_URL MEDIA_DIR}
media_tar=${2:?media tar missing}
target=${3:?target database URL missing}
media=${4:?media folder missing}

pick_pg_bin "$target"
"$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --dbname="$target" "$dump"
mkdir -p "$media"
tar -xzf "$media_tar" -C "$media"
echo "restored into $target and $media"
