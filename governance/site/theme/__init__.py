"""Material partials the regulations plugin puts after a site's custom_dir (governance.site.site_assets):
shipped as package data, a folder of templates, not code."""
