"""The submission package: materials, PDFs through LibreOffice, fonts, manifest and zip."""
