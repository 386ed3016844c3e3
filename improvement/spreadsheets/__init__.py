"""Plans in and out of spreadsheets, in the template DESIGN.md describes: `plan`, `people`,
`indicators` and `risks`, as CSV files in a folder or sheets of one XLSX workbook."""
