-- SPDX-License-Identifier: Apache-2.0
-- Brute-force protection for admin API accounts, as for devices (V3): failed passwords lock an account for a
-- growing time; a success, an administrator's unlock or EST_ADMIN_PASSWORD at start clears the count.
ALTER TABLE account ADD COLUMN failed_attempts INTEGER     NOT NULL DEFAULT 0;
ALTER TABLE account ADD COLUMN locked_until    TIMESTAMPTZ;
