"""gongwen: turn a campaign workbook into GB/T 9704-2012 official documents."""

__version__ = "0.1.0"
