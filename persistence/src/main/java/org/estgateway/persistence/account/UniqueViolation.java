// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.account;

import java.sql.SQLException;

/** Recognises PostgreSQL's unique_violation (SQLSTATE 23505) of one named constraint in an exception's causes. */
public final class UniqueViolation {
    static final String SQLSTATE = "23505";

    private UniqueViolation() {
    }

    public static boolean of(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (SQLSTATE.equals(s.getSQLState()) && String.valueOf(s.getMessage()).contains(constraint)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
