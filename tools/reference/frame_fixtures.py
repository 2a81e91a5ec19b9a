"""pandas reference results for the DataFrame operations (group-by, merge, pivot, value counts, describe, sort,
concat), on two small hand-made frames with missing values and on the Titanic training set.

Run with the Debian python (pandas 1.5): /usr/bin/python3 tools/reference/frame_fixtures.py DATA_DIR
where DATA_DIR holds titanic/train.csv. Writes tests/fixtures/frame/pandas_frame.json: the small frames' CSV text
(the test parses the same text) and, per case, the result frame as {"columns": [...], "data": {name: [values]}}
with missing values as null. Column labels made from numbers are written as Glassbox formats them (1.0 -> "1").
"""
import io
import json
import math
import os
import sys

import numpy as np
import pandas as pd

LEFT = """k1,k2,v,s
a,1,1.5,x
b,2,,y
a,1,3.0,
c,,4.0,z
,2,5.5,x
b,2,-2.0,y
a,3,10,w
b,1,7.25,y
"""

RIGHT = """k1,k2,w,s
a,1,100,r1
a,1,200,r2
b,2,300,r3
d,4,400,r4
,2,500,r5
"""

EXTRA = """k1,v,t
e,8.5,new
a,,old
"""


def label(x):
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return str(int(x))
    return str(x)


def value(x):
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, float, np.integer, np.floating)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, str):
        return x
    if pd.isna(x):
        return None
    return str(x)


def frame(df):
    df = df.reset_index(drop=True)
    cols = [label(c) for c in df.columns]
    return {"columns": cols, "data": {label(c): [value(v) for v in df[c].tolist()] for c in df.columns}}


def small_cases():
    left = pd.read_csv(io.StringIO(LEFT))
    right = pd.read_csv(io.StringIO(RIGHT))
    extra = pd.read_csv(io.StringIO(EXTRA))
    c = {}
    c["groupby_k1"] = left.groupby("k1", as_index=False).agg(
        v_count=("v", "count"), v_sum=("v", "sum"), v_mean=("v", "mean"), v_min=("v", "min"), v_max=("v", "max"),
        v_std=("v", "std"), v_median=("v", "median"), s_nunique=("s", "nunique"), s_first=("s", "first"))
    c["groupby_k1_k2_mean"] = left.groupby(["k1", "k2"], as_index=False)["v"].mean()
    c["groupby_k1_k2_size"] = left.groupby(["k1", "k2"], as_index=False).size()
    for how in ["inner", "left", "right", "outer"]:
        c[f"merge_k1_{how}"] = pd.merge(left, right, how=how, on="k1")
        c[f"merge_k1k2_{how}"] = pd.merge(left, right, how=how, on=["k1", "k2"], suffixes=("_l", "_r"))
    for agg in ["mean", "sum", "count"]:
        c[f"pivot_{agg}"] = pd.pivot_table(left, index="k1", columns="k2", values="v", aggfunc=agg).reset_index()
    c["pivot_mean_fill"] = pd.pivot_table(left, index="k1", columns="k2", values="v", aggfunc="mean", fill_value=0).reset_index()
    c["pivot_plain"] = right[right.k1.notna()].drop_duplicates(["k1", "k2"]).pivot(index="k1", columns="k2", values="w").reset_index()
    vc = left["s"].value_counts()
    c["value_counts_s"] = pd.DataFrame({"s": vc.index, "count": vc.values})
    vc = left["s"].value_counts(normalize=True)
    c["value_counts_s_norm"] = pd.DataFrame({"s": vc.index, "proportion": vc.values})
    vc = left["k1"].value_counts(dropna=False)
    c["value_counts_k1_dropna_false"] = pd.DataFrame({"k1": vc.index, "count": vc.values})
    d = left.describe().T.reset_index().rename(columns={"index": "column"})
    c["describe"] = d
    d = left.describe(include="object").T.reset_index().rename(columns={"index": "column"})
    c["describe_object"] = d
    c["sort_k1_v"] = left.sort_values(["k1", "v"], ascending=[True, False], kind="stable", na_position="last")
    c["sort_v_desc"] = left.sort_values("v", ascending=False, kind="stable", na_position="last")
    c["concat"] = pd.concat([left, extra], ignore_index=True)
    return c


def titanic_cases(data_dir):
    t = pd.read_csv(os.path.join(data_dir, "titanic", "train.csv"))
    c = {}
    c["t_survival_by_sex"] = t.groupby("Sex", as_index=False)["Survived"].mean()
    c["t_groupby_class_sex"] = t.groupby(["Pclass", "Sex"], as_index=False).agg(
        n=("PassengerId", "count"), age_mean=("Age", "mean"), age_median=("Age", "median"), age_std=("Age", "std"),
        age_count=("Age", "count"), fare_sum=("Fare", "sum"), fare_max=("Fare", "max"), cabin_nunique=("Cabin", "nunique"),
        embarked_first=("Embarked", "first"), name_min=("Name", "min"))
    c["t_pivot_survived"] = pd.pivot_table(t, index="Pclass", columns="Sex", values="Survived", aggfunc="mean").reset_index()
    c["t_pivot_fare_median"] = pd.pivot_table(t, index="Embarked", columns="Pclass", values="Fare", aggfunc="median").reset_index()
    c["t_pivot_age_count_fill"] = pd.pivot_table(t, index="SibSp", columns="Parch", values="Age", aggfunc="count", fill_value=0).reset_index()
    vc = t["Embarked"].value_counts(dropna=False)
    c["t_value_counts_embarked"] = pd.DataFrame({"Embarked": vc.index, "count": vc.values})
    vc = t["Pclass"].value_counts(normalize=True)
    c["t_value_counts_pclass_norm"] = pd.DataFrame({"Pclass": vc.index, "proportion": vc.values})
    c["t_describe"] = t.describe().T.reset_index().rename(columns={"index": "column"})
    c["t_describe_object"] = t[["Sex", "Embarked"]].describe(include="object").T.reset_index().rename(columns={"index": "column"})
    # many-to-one: every passenger gets their ticket group's size; many-to-many: passengers paired within a ticket
    sizes = t.groupby("Ticket", as_index=False).size()
    m = pd.merge(t, sizes, how="left", on="Ticket")
    c["t_merge_ticket_size"] = m[["PassengerId", "Ticket", "size"]]
    mm = pd.merge(t[["Ticket", "PassengerId", "Age"]], t[["Ticket", "PassengerId", "Fare"]], how="inner", on="Ticket")
    c["t_merge_many_many_summary"] = pd.DataFrame({
        "rows": [len(mm)], "pid_x_sum": [mm.PassengerId_x.sum()], "pid_y_sum": [mm.PassengerId_y.sum()],
        "age_missing": [mm.Age.isna().sum()], "fare_sum": [mm.Fare.sum()],
        "first_pid_x": [mm.PassengerId_x.iloc[0]], "first_pid_y": [mm.PassengerId_y.iloc[1]],
        "last_pid_x": [mm.PassengerId_x.iloc[-1]], "last_pid_y": [mm.PassengerId_y.iloc[-1]]})
    c["t_sort"] = t.sort_values(["Pclass", "Age", "Name"], ascending=[True, False, True], kind="stable", na_position="last")[["PassengerId"]]
    return c


def main():
    data_dir = sys.argv[1]
    doc = {"pandas": pd.__version__, "left": LEFT, "right": RIGHT, "extra": EXTRA, "cases": {}}
    for name, df in {**small_cases(), **titanic_cases(data_dir)}.items():
        doc["cases"][name] = frame(df)
    out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "frame", "pandas_frame.json")
    with open(out, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
    print("wrote", out, len(doc["cases"]), "cases")


if __name__ == "__main__":
    main()
