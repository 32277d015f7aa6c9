"""Admin-only endpoints (`/api/admin/...`)."""
