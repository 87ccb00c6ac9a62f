"""The campaign workbook: file guard, sheets and cells, rules across rows, schema and model."""
