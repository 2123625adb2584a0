package org.coinfer.console.internal;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** A Felix Web Console page, as the console finds it: by these service properties. */
@ComponentPropertyType
@interface WebConsolePlugin {
    String PREFIX_ = "felix.webconsole.";

    /** The last segment of the page's URL. */
    String label();

    /** The page's name in the console's menu. */
    String title();

    /** The menu group the page appears in. */
    String category() default "Coinfer";
}
