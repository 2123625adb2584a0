package org.coinfer.bench;

import ai.onnxruntime.OrtSession;
import java.lang.annotation.Annotation;
import org.coinfer.backend.onnxruntime.OrtBackend;

/** The backend's configuration as the device container uses it by default: one thread each. */
record BackendConfig(int intraOpThreads, int interOpThreads) implements OrtBackend.Config {
    @Override
    public OrtSession.SessionOptions.OptLevel optimization() {
        return OrtSession.SessionOptions.OptLevel.ALL_OPT;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return OrtBackend.Config.class;
    }
}
