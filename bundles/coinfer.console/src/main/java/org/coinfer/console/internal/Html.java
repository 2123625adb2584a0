package org.coinfer.console.internal;

/** Text made safe to put into HTML, element content or quoted attribute alike. */
final class Html {
    private Html() {
    }

    static String escape(Object o) {
        String s = String.valueOf(o);
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
