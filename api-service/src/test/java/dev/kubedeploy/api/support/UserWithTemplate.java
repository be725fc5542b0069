package dev.kubedeploy.api.support;

/**
 * What most deployment tests start from: a new user, and a new product with one template version
 * whose values schema {@link Api#createTemplateWithSchema} describes.
 */
public record UserWithTemplate(String user, String product, long template) {

  /** A new user and product whose names start with the prefixes and are unique. */
  public static UserWithTemplate create(String userPrefix, String productPrefix) {
    var user = Api.createUser(Api.unique(userPrefix));
    var product = Api.unique(productPrefix);
    Api.createProduct(product);
    return new UserWithTemplate(user, product, Api.createTemplateWithSchema(product));
  }

  /** Creates a deployment of the template as the user; returns its uid. */
  public String createDeployment(String name) {
    return Api.createDeployment(user, template, name);
  }
}
