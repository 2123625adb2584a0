package org.coinfer.transport.tcp;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a component configuration the way DS does: annotation defaults, some overridden. */
final class Configs {
    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? type.getSimpleName() + overrides : m.invoke(overrides, args);
            }
            return overrides.containsKey(m.getName()) ? overrides.get(m.getName()) : m.getDefaultValue();
        });
        return type.cast(proxy);
    }
}
