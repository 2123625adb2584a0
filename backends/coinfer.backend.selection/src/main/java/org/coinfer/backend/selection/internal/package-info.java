/** The active-backend component; nothing here is exported. */
package org.coinfer.backend.selection.internal;
