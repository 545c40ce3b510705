"""dialogtool: county-dialogue notes → segments → codes → typology → report, with the investigator in control."""
