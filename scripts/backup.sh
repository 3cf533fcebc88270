#!/usr/bin/env bash
# Backup: the whole database (pg_dump custom format) and the private-media folder (tar.gz).
#
#   DATABASE_URL=postgres://user@host:5432/rheine PRIVATE_MEDIA_ROOT=/srv/rheine/private-media \
#     scripts/backup.sh /srv/backups
#
# Writes DEST/rheine-STAMP.dump and DEST/rheine-STAMP-media.tar.gz and prints both paths.
# The dump holds personal data (and ciphertext of the encrypted fields: keep FIELD_ENCRYPTION_KEY
# apart from the backups, and keep it as long as the backups).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg_bin.sh

dest=${1:?usage: scripts/backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
media=${PRIVATE_MEDIA_ROOT:-private-media}
stamp=${BACKUP_STAMP:-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$dest" "$media"
umask 077  # backups are personal data

pick_pg_bin "$DATABASE_URL"
"$PG_BIN/pg_dump" --format=custom --no-owner --file="$dest/rheine-$stamp.dump" "$DATABASE_URL"
tar -czf "$dest/rheine-$stamp-media.tar.gz" -C "$media" .
echo "$dest/rheine-$stamp.dump"
echo "$dest/rheine-$stamp-media.tar.gz"
