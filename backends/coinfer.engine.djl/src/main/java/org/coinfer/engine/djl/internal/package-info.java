/** How this bundle shows DJL its natives; private to the bundle. */
package org.coinfer.engine.djl.internal;
