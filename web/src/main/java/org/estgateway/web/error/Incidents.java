// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.database.DatabaseAvailability;
import org.estgateway.ejb.database.DatabaseFailures;
import org.estgateway.ejb.error.ServiceUnavailable;
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

    /** The reason a client reads while the database is down. */
    static final String DATABASE_DOWN = ServiceUnavailable.databaseDown().getMessage();

    @EJB
    AuditService audit;
    @EJB
    DatabaseAvailability availability;

    /**
     * What a failure that no refusal describes becomes, for the exception mapper and the error page alike: a
     * database outage is a 503 logged once by {@link DatabaseAvailability} (no incident, no audit row: the database
     * is what is down); a container limit the client hit is its {@link Refusal}; anything else is an incident, 500.
     */
    public Refusal answer(Throwable failure, String method, String path, String sourceAddress) {
        if (DatabaseFailures.isUnavailable(failure)) {
            availability.unavailable(failure);
            return new Refusal(503, DATABASE_DOWN);
        }
        return Refusal.of(failure).orElseGet(() -> new Refusal(500, "internal server error (incident "
                + report(unwrap(failure), method, path, sourceAddress) + ")"));
    }

    /** The exception an EJB call wrapped. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof EJBException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

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
