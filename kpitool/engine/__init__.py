"""National scale (issue 15): worklogs as a dataset partitioned by top unit and month, each top
unit scored by `scoring.score_partition` on an engine (a loop here, or Dask), then
`scoring.finish` on the small per-staff tables.

- `dataset`: `kpitool partition` (top unit of each row, chains inside one top unit, the Hive
  layout) and reading one agency back;
- `runner`: the engines and the outputs of a partitioned run.
"""
