# The base layer starts from Debian; bridge and api start from the base image.

source "scaleway" "base" {
  access_key      = var.scw_access_key
  secret_key      = var.scw_secret_key
  project_id      = var.scw_project_id
  zone            = var.zone
  image           = var.os_image
  commercial_type = var.commercial_type
  ssh_username    = "root"
  image_name      = "${var.image_prefix}-base"
  snapshot_name   = "${var.image_prefix}-base"
}

source "scaleway" "bridge" {
  access_key      = var.scw_access_key
  secret_key      = var.scw_secret_key
  project_id      = var.scw_project_id
  zone            = var.zone
  image           = "${var.image_prefix}-base"
  commercial_type = var.commercial_type
  ssh_username    = "root"
  image_name      = "${var.image_prefix}-bridge"
  snapshot_name   = "${var.image_prefix}-bridge"
}

source "scaleway" "api" {
  access_key      = var.scw_access_key
  secret_key      = var.scw_secret_key
  project_id      = var.scw_project_id
  zone            = var.zone
  image           = "${var.image_prefix}-base"
  commercial_type = var.commercial_type
  ssh_username    = "root"
  image_name      = "${var.image_prefix}-api"
  snapshot_name   = "${var.image_prefix}-api"
}
