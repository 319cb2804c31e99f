// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.ca.RegisteredCa;

/** Reads the database's registered CA (table ca, V10) before WildFly starts; none on a database not yet at V10. */
final class CaRegistryReader {
    static final String UNDEFINED_TABLE = "42P01";

    private CaRegistryReader() {
    }

    /** The certificates of every key generation of the default CA (V13); none before V13 or before a rollover. */
    static List<String> generations(Connection c) throws SQLException {
        List<String> all = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT sha256 FROM ca_generation WHERE ca = 'default'");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                all.add(r.getString(1).strip());
            }
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return all;
    }

    static Optional<RegisteredCa> registered(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("SELECT sha256, subject_dn, registered_by, registered_at FROM ca "
                        + "WHERE name = 'default'")) {
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new RegisteredCa(r.getString(1).strip(), r.getString(2), r.getString(3),
                        r.getTimestamp(4).toInstant(), generations(c))) : Optional.empty();
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
