// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.node;

/** Another running node holds this node's name: the start is refused with this one line. */
public class NodeNameInUse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeNameInUse(NodeName name, String holder) {
        super("node name '" + name + "' is in use by a running node (" + holder + "); give this node another "
                + NodeName.VARIABLE);
    }
}
