# The base layer starts from Debian's marketplace image; bridge and api start from the base image
# by its UUID: the builder's `image` takes a UUID or a marketplace label, never a private image's
# name. Every image and snapshot name carries the build time, so a rebuild never collides with
# the images instances still run on.

locals {
  build_time = formatdate("YYYYMMDD-hhmmss", timestamp())
}

source "scaleway" "base" {
  access_key      = var.scw_access_key
  secret_key      = var.scw_secret_key
  project_id      = var.scw_project_id
  zone            = var.zone
  image           = var.os_image
  commercial_type = var.commercial_type
  ssh_username    = "root"
  image_name      = "${var.image_prefix}-base-${local.build_time}"
  snapshot_name   = "${var.image_prefix}-base-${local.build_time}"
}

source "scaleway" "bridge" {
  access_key      = var.scw_access_key
  secret_key      = var.scw_secret_key
  project_id      = var.scw_project_id
  zone            = var.zone
  image           = var.base_image_id
  commercial_type = var.commercial_type
  ssh_username    = "root"
  image_name      = "${var.image_prefix}-bridge-${local.build_time}"
  snapshot_name   = "${var.image_prefix}-bridge-${local.build_time}"
}

source "scaleway" "api" {
  access_key      = var.scw_access_key
  secret_key      = var.scw_secret_key
  project_id      = var.scw_project_id
  zone            = var.zone
  image           = var.base_image_id
  commercial_type = var.commercial_type
  ssh_username    = "root"
  image_name      = "${var.image_prefix}-api-${local.build_time}"
  snapshot_name   = "${var.image_prefix}-api-${local.build_time}"
}
