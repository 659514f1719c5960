"""The report: its model, page layout, the .docx writer and reader, and the archive checks."""
