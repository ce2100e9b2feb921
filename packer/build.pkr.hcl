# Every image is provisioned by the Ansible playbook of the same name; nothing is done in shell.
# The provisioner's inventory holds one host, `default`; `groups` puts it in the group the
# playbook targets (bridge.yml: bridges, api.yml: api), or the playbook would match no host.
# Extra variables go as JSON so booleans stay booleans. Images hold no secret: the playbooks
# read none at image time; a vault password is passed only so Ansible can open
# group_vars/all/vault.yml when one exists.

locals {
  vault_arguments = var.ansible_vault_password_file == "" ? [] : ["--vault-password-file", var.ansible_vault_password_file]
  headroom_jar    = var.headroom_jar == "" ? abspath("${path.root}/../api/target/headroom.jar") : abspath(var.headroom_jar)
}

build {
  name    = "base"
  sources = ["source.scaleway.base"]

  provisioner "ansible" {
    playbook_file   = "${path.root}/../ansible/base.yml"
    user            = "root"
    groups          = ["base"]
    extra_arguments = local.vault_arguments
  }

  post-processor "manifest" {
    output     = "${path.root}/manifest.json"
    strip_path = true
    # terraform's base_image is this name; the next layer's base_image_id is the artifact ID.
    custom_data = {
      image_name = "${var.image_prefix}-base-${local.build_time}"
    }
  }
}

build {
  name    = "bridge"
  sources = ["source.scaleway.bridge"]

  provisioner "ansible" {
    playbook_file   = "${path.root}/../ansible/bridge.yml"
    user            = "root"
    groups          = ["bridges"]
    extra_arguments = concat(["--extra-vars", jsonencode({ jitsi_start = false })], local.vault_arguments)
  }

  post-processor "manifest" {
    output     = "${path.root}/manifest.json"
    strip_path = true
    # terraform's bridge_image is this name; the next layer's base_image_id is the artifact ID.
    custom_data = {
      image_name = "${var.image_prefix}-bridge-${local.build_time}"
    }
  }
}

build {
  name    = "api"
  sources = ["source.scaleway.api"]

  provisioner "ansible" {
    playbook_file   = "${path.root}/../ansible/api.yml"
    user            = "root"
    groups          = ["api"]
    extra_arguments = concat(["--extra-vars", jsonencode({ headroom_jar_src = local.headroom_jar, headroom_start = false })], local.vault_arguments)
  }

  post-processor "manifest" {
    output     = "${path.root}/manifest.json"
    strip_path = true
    # terraform's api_image is this name; the next layer's base_image_id is the artifact ID.
    custom_data = {
      image_name = "${var.image_prefix}-api-${local.build_time}"
    }
  }
}
