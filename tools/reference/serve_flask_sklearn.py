#!/usr/bin/env python3
"""The Flask + scikit-learn twin of `glassbox serve`, for `glassbox bench serve`.

Serves the same model as the Glassbox server: a LogisticRegression saved by Glassbox (ModelFile JSON) is rebuilt as a
scikit-learn LogisticRegression with the same classes_, coef_ and intercept_, so both servers compute the same
function (softmax of X·Wᵀ + b for K ≥ 3 classes, the logistic sigmoid for two). Endpoints mirror Glassbox's:

    POST /predict  {"rows": [[...], ...]}  ->  {"predictions": [...], "probabilities": [[...], ...], "classes": [...]}
    GET  /health   ->  {"status": "ok"}

It is the usual way a scikit-learn model is put behind HTTP: Flask's built-in threaded server (Werkzeug), one
predict_proba and one predict per request, no batching across requests. Needs Debian's python3-flask and
python3-sklearn (apt-get install -y python3-flask python3-sklearn).

    python3 tools/reference/serve_flask_sklearn.py --model iris.json --port 5000
"""
import argparse
import json
import logging

import numpy as np
from flask import Flask, jsonify, request
from sklearn.linear_model import LogisticRegression


def tensor(obj):
    """A Glassbox {"shape", "dtype", "data"} tensor as a NumPy array."""
    return np.asarray(obj["data"], dtype=np.int64 if obj.get("dtype") == "int64" else np.float64).reshape(obj["shape"])


def load_glassbox_logistic(path):
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    if model.get("type") != "LogisticRegression":
        raise SystemExit(f"{path}: holds a {model.get('type')}; this twin serves LogisticRegression only")
    state = model["state"]
    classes = tensor(state["classes"])
    p = int(state["n_features_in"])
    k = 1 if len(classes) == 2 else len(classes)
    clf = LogisticRegression()
    clf.classes_ = classes
    clf.coef_ = tensor(state["coef"]).reshape(k, p)
    clf.intercept_ = tensor(state["intercept"]).reshape(k)
    clf.n_features_in_ = p
    return clf


def make_app(clf):
    app = Flask(__name__)

    @app.post("/predict")
    def predict():
        body = request.get_json(force=False, silent=True)
        if not isinstance(body, dict) or "rows" not in body:
            return jsonify(error="expected a JSON object {\"rows\": [[...]]}"), 400
        try:
            x = np.asarray(body["rows"], dtype=np.float64)
            if x.ndim != 2 or x.shape[1] != clf.n_features_in_:
                return jsonify(error=f"rows must be [n, {clf.n_features_in_}], got {list(x.shape)}"), 400
            proba = clf.predict_proba(x)
            pred = clf.predict(x)
        except (ValueError, TypeError) as e:
            return jsonify(error=str(e)), 400
        return jsonify(predictions=pred.tolist(), probabilities=proba.tolist(), classes=clf.classes_.tolist())

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    return app


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="a Glassbox LogisticRegression model file (JSON)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5000)
    args = ap.parse_args()
    clf = load_glassbox_logistic(args.model)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request: logging would dominate the timing
    make_app(clf).run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()
