"""The example campaign workbook shipped with gongwen."""
