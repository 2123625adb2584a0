package org.coinfer.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Instances of component configuration annotations outside a framework (unit tests, the
 * command-line tools): the given values, else the declared defaults.
 */
public final class ComponentConfigs {
    private ComponentConfigs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String name = method.getName();
            if (values.containsKey(name)) {
                return values.get(name);
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> method.getDefaultValue();
            };
        });
        return type.cast(proxy);
    }
}
