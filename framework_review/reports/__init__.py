"""The consolidated comment report (DOCX, XLSX, CSV, HTML), statistics, and the offline table."""
