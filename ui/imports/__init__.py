"""The import wizard: file, detected encoding and columns, mapping, preview, run, report."""
