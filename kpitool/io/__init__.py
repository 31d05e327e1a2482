"""Excel, CSV and Parquet in and out; nothing else."""
