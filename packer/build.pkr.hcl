# Every image is provisioned by the Ansible playbook of the same name; nothing is done in shell.

build {
  name    = "base"
  sources = ["source.scaleway.base"]

  provisioner "ansible" {
    playbook_file = "${path.root}/../ansible/base.yml"
    user          = "root"
  }
}

build {
  name    = "bridge"
  sources = ["source.scaleway.bridge"]

  provisioner "ansible" {
    playbook_file   = "${path.root}/../ansible/bridge.yml"
    user            = "root"
    extra_arguments = ["--extra-vars", "jitsi_start=false"]
  }
}

build {
  name    = "api"
  sources = ["source.scaleway.api"]

  provisioner "ansible" {
    playbook_file   = "${path.root}/../ansible/api.yml"
    user            = "root"
    extra_arguments = ["--extra-vars", "headroom_jar_src=${var.headroom_jar} headroom_start=false"]
  }
}
