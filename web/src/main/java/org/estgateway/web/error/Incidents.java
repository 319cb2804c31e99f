// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.persistence.audit.AuditEvent;

/**
 * An unexpected failure (a 500) becomes an incident: a random id that the client's answer shows, one log line
 * (ERROR) with that id and the exception chain, the full stack trace at FINE (logger
 * {@code org.estgateway.web.error.Incidents}), and an audit event written in a transaction of its own, since
 * the request's transaction has rolled back. No exception text ever reaches the client.
 */
@ApplicationScoped
public class Incidents {
    private static final Logger LOG = Logger.getLogger(Incidents.class.getName());
    static final int MAX_SUMMARY = 400;

    @EJB
    AuditService audit;

    /** Records the failure and returns the incident id for the answer. */
    public String report(Throwable failure, String method, String path, String sourceAddress) {
        String id = newId();
        String where = printable(method, 10) + " " + printable(path, 120);
        LOG.severe(() -> "incident " + id + " on " + where + " from " + sourceAddress + ": " + summary(failure));
        LOG.log(Level.FINE, "incident " + id, failure);
        try {
            audit.recordAlone(new AuditEvent.Fields("INTERNAL_ERROR", "ERROR", null, "NONE", sourceAddress, null, null,
                    null, 500, "incident " + id + " on " + where + ": " + printable(rootOf(failure).getClass().getName(), 120)));
        } catch (RuntimeException e) {
            // the database may be the cause; the log line above still holds the incident
            LOG.warning(() -> "incident " + id + ": audit event not written: " + summary(e));
        }
        return id;
    }

    static String newId() {
        byte[] b = new byte[6];
        Crypto.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** "Class: message <- Class: message" over the cause chain, printable and bounded. */
    static String summary(Throwable failure) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (s.length() > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
            }
        }
        return printable(s.toString(), MAX_SUMMARY);
    }

    static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; i < 16 && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t;
    }

    /** Control characters (a NUL, a forged line break) never reach a log line or the audit trail. */
    static String printable(String s, int max) {
        if (s == null) {
            return "-";
        }
        String cut = s.length() > max ? s.substring(0, max) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        return b.toString();
    }
}
