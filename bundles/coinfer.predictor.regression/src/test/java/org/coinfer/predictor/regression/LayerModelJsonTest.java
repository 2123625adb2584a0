package org.coinfer.predictor.regression;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LayerModelJsonTest {
    @Test
    public void roundTripsExactly() {
        LayerModel m = LayerModelFitTest.truth();
        assertEquals(m, LayerModel.parse(m.toJson(), "m.json"));
    }

    private static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> LayerModel.parse(json, "layer-model.json")).getMessage();
    }

    @Test
    public void badDocumentsNameTheFileTheFieldAndWhatWasExpected() {
        String good = LayerModelFitTest.truth().toJson();
        String e = error(good.replace("\"coinfer-layer-model\"", "\"coinfer-host-profile\""));
        assertTrue(e, e.startsWith("layer-model.json: field 'format': expected 'coinfer-layer-model', found 'coinfer-host-profile'"));
        e = error(good.replace("\"version\": 1", "\"version\": 7"));
        assertTrue(e, e.contains("field 'version': expected 1, found 7"));
        e = error(good.replace("\"convolution\"", "\"attention\""));
        assertTrue(e, e.contains("field 'layers[0].kind': expected one of [convolution, fully-connected, pooling,"));
        assertTrue(e, e.contains("found 'attention'"));
        e = error(good.replace("\"pooling\"", "\"convolution\""));
        assertTrue(e, e.contains("expected each layer type once, found convolution again"));
        e = error(good.replace("\"flops\"", "\"macs\""));
        assertTrue(e, e.contains("layer-model.json: field 'layers[0].coefficients.flops' is missing"));
        e = error(good.replace("\"host\": \"device\"", "\"host\": \"phone\""));
        assertTrue(e, e.contains("field 'host': expected one of [device, edge], found 'phone'"));
    }
}
