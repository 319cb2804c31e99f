-- SPDX-License-Identifier: Apache-2.0
-- The renewal chain of one device without walking every chain of the table (v_renewal_chain recurses over
-- all certificates before it can filter; at 10 million rows use this function instead).
CREATE FUNCTION renewal_chain(device_name text) RETURNS TABLE (generation integer, certificate_id bigint,
        serial_hex text, renewed_from_serial text, subject_dn text, not_before timestamptz, not_after timestamptz,
        issued_at timestamptz, status text, auth_method text) LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
    WITH RECURSIVE chain AS (
        SELECT c.id, 0 AS generation FROM issued_certificate c JOIN device d ON d.id = c.device_id
        WHERE d.common_name = device_name AND c.renewed_from_id IS NULL
        UNION ALL
        SELECT c.id, chain.generation + 1 FROM issued_certificate c JOIN chain ON c.renewed_from_id = chain.id
    )
    SELECT chain.generation, c.id, c.serial_hex, p.serial_hex, c.subject_dn, c.not_before, c.not_after, c.issued_at,
           c.status, c.auth_method
    FROM chain JOIN issued_certificate c ON c.id = chain.id LEFT JOIN issued_certificate p ON p.id = c.renewed_from_id
    ORDER BY chain.generation
$$;
GRANT EXECUTE ON FUNCTION renewal_chain(text) TO est_app, est_auditor;
