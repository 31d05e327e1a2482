"""kpitool: KPI scores for Vietnamese public servants from Excel work diaries."""

__version__ = "0.1.0"
